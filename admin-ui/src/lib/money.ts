/** Digits after the decimal point of a currency's major unit (2 for CNY and USD, 0 for JPY). */
export function fractionDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** `1234` CNY → `12.34 CNY`, exact for any integer of minor units (no floating point). */
export function formatMoney(minor: number, currency: string): string {
  const digits = fractionDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, '0');
  const whole = Number(text.slice(0, text.length - digits)).toLocaleString('en-US');
  return `${sign}${digits > 0 ? `${whole}.${text.slice(text.length - digits)}` : whole} ${currency}`;
}

/** The currencies the console offers for coupons and cash prices (the API takes any ISO 4217 code). */
export const CURRENCY_CODES = ['CNY', 'USD', 'EUR', 'HKD', 'JPY'] as const;
