/**
 * The init container that checks, before the app starts, that the pod's user
 * can write to the claim-template mounts marked `checkWritable`. Private to
 * the package; `StatefulWorkload` renders it.
 *
 * Why it is needed: the kubelet applies `fsGroup` only to volume plugins that
 * manage ownership. The in-tree NFS plugin does not: `nfsMounter.SetUpAt`
 * (pkg/volume/nfs/nfs.go) mounts the export and never calls
 * `volume.SetVolumeOwnership`, and `GetAttributes` reports `Managed: false`.
 * csi-driver-nfs (nfs.csi.k8s.io) declares `fsGroupPolicy: File`, but the
 * kubelet's chown then runs as root on the client, which a `root_squash`
 * export (the NFS default) refuses. So a non-root pod on an export created by
 * root cannot write, and an app that swallows the error (log4net does) loses
 * its data while it keeps answering.
 *
 * How it fails visibly, from the Kubernetes source:
 * - an init container that exits non-zero keeps the pod from starting its
 *   app container and, with `restartPolicy: Always`, is restarted with
 *   back-off (`computeInitContainerActions`, before 1.28
 *   `findNextInitContainerToRun`, in pkg/kubelet/kuberuntime/kuberuntime_container.go), so the pod never
 *   becomes Ready and the StatefulSet's OrderedReady rollout waits
 *   (`isRunningAndReady` in pkg/controller/statefulset/stateful_set_utils.go);
 * - `kubectl get pods` shows `Init:Error`, then `Init:CrashLoopBackOff`
 *   (`printPod` in pkg/printers/internalversion/printers.go prefixes the init
 *   container's terminated or waiting reason with `Init:`);
 * - `kubectl describe pod` shows the message as the init container's last
 *   termination message: with `terminationMessagePolicy: FallbackToLogsOnError`
 *   the kubelet copies the tail of the log of a failed container into it
 *   (`getTerminationMessage` in kuberuntime_container.go);
 * - `kubectl logs <pod> -c check-writable` prints the same line.
 */
/** Name of the init container. */
export const WRITE_CHECK_CONTAINER = 'check-writable';

/**
 * POSIX sh, run as the pod's user: for each directory argument, creates and
 * removes a probe file, and tests that the files already at its top level
 * (e.g. a log file an earlier root-run deployment left) are writable. On
 * failure it prints one line with the reason and the fix and exits 1. Uses
 * only sh built-ins, `id` and `rm`, present in Debian, Alpine and busybox images.
 */
export const WRITE_CHECK_SCRIPT = [
  'fail() {',
  '  u=$(id -u); g=$(id -g)',
  '  echo "$1 is not writable by uid $u gid $g, so the app would lose what it writes there;'
    + ' make it writable for that user: on the nfs server run chown -R $u:$g on the export,'
    + ' or export it with all_squash,anonuid=$u,anongid=$g and chown the files already in it" >&2',
  '  exit 1',
  '}',
  'for dir in "$@"; do',
  '  probe="$dir/.check-writable.$$"',
  '  { (: > "$probe") && rm -f "$probe"; } 2>/dev/null || fail "$dir"',
  '  for f in "$dir"/* "$dir"/.[!.]*; do',
  '    if [ -f "$f" ] && [ ! -w "$f" ]; then fail "$f"; fi',
  '  done',
  'done',
  'echo "writable: $*"',
].join('\n');

/** A mount to check: the claim template's volume name, path and sub-path. */
export interface CheckedMount {
  readonly name: string;
  readonly mountPath: string;
  readonly subPath?: string;
}

/**
 * The init container that checks `mounts`, or undefined when there are none.
 * It runs with the app container's `securityContext`, so it meets the same
 * Pod Security level and runs as the same user.
 */
export function renderWriteCheck(image: string, imagePullPolicy: string, mounts: readonly CheckedMount[], securityContext: any): any | undefined {
  if (mounts.length === 0) {
    return undefined;
  }
  return {
    name: WRITE_CHECK_CONTAINER,
    image,
    imagePullPolicy,
    command: ['/bin/sh', '-c', WRITE_CHECK_SCRIPT, WRITE_CHECK_CONTAINER, ...mounts.map(m => m.mountPath)],
    terminationMessagePolicy: 'FallbackToLogsOnError',
    securityContext,
    volumeMounts: mounts.map(m => ({ name: m.name, mountPath: m.mountPath, subPath: m.subPath })),
  };
}
