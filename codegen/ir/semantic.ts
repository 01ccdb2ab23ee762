// The x-semantic rules the generator knows how to check on the device. Each
// id must match schemas/semantic/index.ts; render/semantic.ts emits the C++.
export const KNOWN_RULES = new Set([
  'gauge-segment-to-after-from',
  'gauge-segments-ordered',
  'gauge-segments-non-overlapping',
  'gauge-segments-cover-0-100',
  'appointment-end-not-before-start',
  'form-refnames-unique',
  'option-names-unique',
  'value-in-options',
  'slider-min-below-max',
  'slider-step-within-range',
  'slider-value-within-range',
  'single-selection-at-most-one',
  'bucket-value-in-filter',
  'event-ids-unique',
  'event-value-in-events',
  'submission-values-present',
  'submission-required-selection-filled',
]);

/** Form component types that carry no user input (mirrors DISPLAY_ONLY_FORM_COMPONENTS in schemas/semantic). */
export const DISPLAY_ONLY_FORM_COMPONENTS = new Set(['label', 'callbutton', 'gauge']);

/** C++ enumerator for a rule id: "gauge-segments-cover-0-100" -> "GaugeSegmentsCover0To100". */
export function ruleEnumerator(rule: string): string {
  return rule
    .replace(/(\d+)-(\d+)/g, '$1To$2')
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
