// What an advance of the virtual clock walks through besides webhook deliveries.
/**
 * Work besides webhook deliveries that falls due on a partner's clock (the front desk's scripted agents): an advance
 * stops at its due times too, in order with the deliveries'. `includes` says whose clock the advance is moving.
 */
export interface TimedWork {
  nextDue(includes: (partner: string) => boolean): number | undefined;
  /** Runs what is due for those partners at their clocks' current instant; true when some could not be run (stuck). */
  runDue(includes: (partner: string) => boolean): boolean;
}
