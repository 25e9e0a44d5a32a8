/** Stream entry ids (`<ms>-<seq>`) as offsets: their order. */
export function compareOffsets(a: string, b: string): number {
  const [msA, seqA] = a.split('-');
  const [msB, seqB] = b.split('-');
  const byTime = compareDigits(msA, msB);
  return byTime !== 0 ? byTime : compareDigits(seqA ?? '0', seqB ?? '0');
}

function compareDigits(a: string, b: string): number {
  // both are unsigned decimal integers of up to 19 digits: longer is bigger, else text order
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}
