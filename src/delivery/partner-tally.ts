// How many of something (delivery claims, running exchanges) each partner holds, and all partners together.

export class PartnerTally {
  readonly #byPartner = new Map<string, number>();
  #total = 0;

  get total(): number {
    return this.#total;
  }

  of(partner: string): number {
    return this.#byPartner.get(partner) ?? 0;
  }

  add(partner: string): void {
    this.#total++;
    this.#byPartner.set(partner, this.of(partner) + 1);
  }

  remove(partner: string): void {
    this.#total--;
    const left = (this.#byPartner.get(partner) ?? 1) - 1;
    if (left === 0) this.#byPartner.delete(partner);
    else this.#byPartner.set(partner, left);
  }
}
