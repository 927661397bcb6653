/**
 * `plan`: for every StatefulSet, one row per ordinal and claim template, as a
 * table, a Mermaid diagram or JSON.
 */
import { PlanRow } from './binding';

/** Rows as plain JSON objects, in the documented shape. */
export function planJson(rows: readonly PlanRow[]): string {
  return JSON.stringify(rows.map(r => ({
    statefulset: r.statefulset,
    namespace: r.namespace,
    ordinal: r.ordinal,
    pod: r.pod,
    dns: r.dns,
    template: r.template,
    claim: r.claim,
    storageClass: r.storageClass,
    volume: r.volume,
    candidates: r.candidates,
    status: r.status,
    nfs: r.nfs,
    note: r.note,
    dependsOn: r.dependsOn,
  })), null, 2);
}

function volumeCell(r: PlanRow): string {
  if (r.volume) return r.volume;
  if (r.status === 'static') return `one of ${r.candidates.length}: ${r.candidates.join(', ')}`;
  return `- (${r.note})`;
}

/** A text table with aligned columns. */
export function planTable(rows: readonly PlanRow[]): string {
  if (rows.length === 0) return 'no StatefulSet with volumeClaimTemplates in the set';
  const header = ['NAMESPACE', 'POD', 'DNS', 'CLAIM', 'STATUS', 'VOLUME', 'NFS'];
  const cells = rows.map(r => [r.namespace, r.pod, r.dns, r.claim, r.status, volumeCell(r), r.nfs ? `${r.nfs.server}:${r.nfs.path}` : '-']);
  const widths = header.map((h, i) => cells.reduce((w, c) => Math.max(w, c[i].length), h.length));
  const line = (c: string[]) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]))).join('  ');
  return [line(header), ...cells.map(line), ...dependsOnLines(rows)].join('\n');
}

/** What the outcome depends on in the cluster, once per distinct reason, with the claims it concerns. */
export function dependsOnLines(rows: readonly PlanRow[]): string[] {
  const claimsByReason = new Map<string, string[]>();
  for (const r of rows) {
    for (const reason of r.dependsOn) {
      const list = claimsByReason.get(reason) ?? [];
      list.push(r.claim);
      claimsByReason.set(reason, list);
    }
  }
  return [...claimsByReason].map(([reason, claims]) =>
    `depends on the cluster (${claims.length === 1 ? claims[0] : `${claims.length} claims: ${claims.slice(0, 3).join(', ')}${claims.length > 3 ? ', ...' : ''}`}): ${reason}`);
}

/** A Mermaid flowchart: StatefulSet -> pods -> claims -> volumes (dashed: candidates). */
export function planMermaid(rows: readonly PlanRow[]): string {
  const out = ['flowchart LR'];
  const ids = new Map<string, string>();
  const id = (key: string, label: string, shape: [string, string] = ['[', ']']) => {
    let v = ids.get(key);
    if (!v) {
      v = `n${ids.size}`;
      ids.set(key, v);
      out.push(`  ${v}${shape[0]}"${label.replace(/"/g, '#quot;')}"${shape[1]}`);
    }
    return v;
  };
  const edges: string[] = [];
  const classes: { [c: string]: string[] } = { pending: [], static: [], prebound: [], dynamic: [] };
  for (const r of rows) {
    const sts = id(`sts/${r.namespace}/${r.statefulset}`, `StatefulSet ${r.namespace}/${r.statefulset}`, ['{{', '}}']);
    const podKey = `pod/${r.namespace}/${r.pod}`;
    const known = ids.has(podKey);
    const pod = id(podKey, `pod ${r.pod}<br/>${r.dns}`, ['([', '])']);
    if (!known) edges.push(`  ${sts} --> ${pod}`);
    const claim = id(`pvc/${r.namespace}/${r.claim}`, `claim ${r.claim}<br/>${r.status}`);
    edges.push(`  ${pod} --> ${claim}`);
    classes[r.status === 'pre-bound' ? 'prebound' : r.status].push(claim);
    const pvLabel = (name: string, nfs: PlanRow['nfs']) => `PV ${name}${nfs ? `<br/>nfs ${nfs.server}:${nfs.path}` : ''}`;
    if (r.status === 'pre-bound' && r.volume) {
      edges.push(`  ${claim} ==>|pre-bound| ${id(`pv/${r.volume}`, pvLabel(r.volume, r.nfs), ['[(', ')]'])}`);
    } else if (r.status === 'static') {
      for (const c of r.candidates) edges.push(`  ${claim} -.->|candidate| ${id(`pv/${c}`, pvLabel(c, null), ['[(', ')]'])}`);
    } else if (r.status === 'dynamic') {
      edges.push(`  ${claim} -.->|provisioned| ${id(`class/${r.storageClass ?? ''}`, `StorageClass ${r.storageClass ?? '(cluster default)'}`, ['[/', '/]'])}`);
    }
  }
  out.push(...edges);
  out.push('  classDef status_prebound fill:#d4edda,stroke:#2e7d32');
  out.push('  classDef status_static fill:#fff3cd,stroke:#b7950b');
  out.push('  classDef status_dynamic fill:#d6eaf8,stroke:#1f618d');
  out.push('  classDef status_pending fill:#f8d7da,stroke:#c0392b');
  for (const [c, list] of Object.entries(classes)) {
    if (list.length) out.push(`  class ${list.join(',')} status_${c}`);
  }
  return out.join('\n');
}
