import { BRAND_COLOR } from '../app/theme';

/** The product mark: a speech bubble relaying a message. */
export function BrandMark({ size = 32, inverted = false }: { size?: number; inverted?: boolean }) {
  const background = inverted ? '#ffffff' : BRAND_COLOR;
  const foreground = inverted ? BRAND_COLOR : '#ffffff';
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect width="64" height="64" rx="14" fill={background} />
      <path d="M16 22a8 8 0 0 1 8-8h16a8 8 0 0 1 8 8v12a8 8 0 0 1-8 8H30l-9 7v-7.4A8 8 0 0 1 16 34z" fill={foreground} />
      <circle cx="26" cy="28" r="2.6" fill={background} />
      <circle cx="32" cy="28" r="2.6" fill={background} />
      <circle cx="38" cy="28" r="2.6" fill={background} />
    </svg>
  );
}
