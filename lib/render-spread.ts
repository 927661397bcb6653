/** Renders a PodSpread into pod spec fields. Private to the package. */
import { check } from './errors';
import { PodSpread } from './pod-spread';

/** The node label that makes each node its own domain. */
export const DEFAULT_SPREAD_TOPOLOGY_KEY = 'kubernetes.io/hostname';

/** `affinity` and `topologySpreadConstraints` of the pod spec for `spread`, selecting the workload's pods by `selector`. */
export function renderSpread(what: string, spread: PodSpread, selector: { [key: string]: string }, topologyKey: string): { affinity?: any; topologySpreadConstraints?: any[] } {
  check(Object.values(PodSpread).includes(spread),
    `${what}: podSpread ${JSON.stringify(spread)} is not one of ${Object.values(PodSpread).join(', ')}; use PodSpread`);
  const term = { labelSelector: { matchLabels: { ...selector } }, topologyKey };
  switch (spread) {
    case PodSpread.PREFERRED_ANTI_AFFINITY:
      return { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } } };
    case PodSpread.REQUIRED_ANTI_AFFINITY:
      return { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } };
    case PodSpread.TOPOLOGY_SPREAD:
      return { topologySpreadConstraints: [{ maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { ...selector } } }] };
    default:
      return {};
  }
}
