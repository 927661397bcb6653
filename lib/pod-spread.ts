/** How the pods of a workload are spread over nodes (or another topology domain). */
export enum PodSpread {
  /** No rule: the scheduler may put several pods on one node. */
  NONE = 'none',
  /** Pod anti-affinity the scheduler tries to honour (preferredDuringScheduling, weight 100). */
  PREFERRED_ANTI_AFFINITY = 'preferred-anti-affinity',
  /**
   * Pod anti-affinity the scheduler must honour (requiredDuringScheduling): at
   * most one pod per domain; pods beyond the number of domains stay Pending.
   */
  REQUIRED_ANTI_AFFINITY = 'required-anti-affinity',
  /**
   * A topology spread constraint with maxSkew 1 and `ScheduleAnyway`: pods are
   * spread evenly when possible, and still scheduled when not.
   */
  TOPOLOGY_SPREAD = 'topology-spread',
}
