// Golden tests on the generator's output for representative components of a
// fixed fixture spec: {given: component, want: the committed header}. Set
// UPDATE_GOLDEN=1 to rewrite the golden files after an intended change.
import * as fs from 'fs';
import * as path from 'path';
import { generate } from '../../codegen/generate';
import { specFromSchemas } from '../../codegen/load';
import { GENERATOR_VERSION } from '../../codegen/version';
import { fixtureSchemas } from './fixtures/spec';

const out = generate(specFromSchemas(fixtureSchemas()));
const GOLDEN = path.join(__dirname, 'golden');

describe('golden headers', () => {
  const cases: { given: string; want: string }[] = [
    { given: 'data/Text.h', want: 'data_Text.h' },
    { given: 'data/Gauge.h', want: 'data_Gauge.h' },
    { given: 'form/Slider.h', want: 'form_Slider.h' },
    { given: 'types/GaugeSegment.h', want: 'types_GaugeSegment.h' },
  ];
  test.each(cases)('$given', ({ given, want }) => {
    const text = out.get(given);
    expect(text).toBeDefined();
    const file = path.join(GOLDEN, want);
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, text as string);
    expect(text).toBe(fs.readFileSync(file, 'utf8'));
  });
});

describe('rendered checks', () => {
  const snippets: { given: string; want: string[] }[] = [
    // Rows without bounds; the bounded rows' bounds after the rows, in row order (GenTable).
    { given: 'data/Gauge.h', want: ['{nullptr, S::p_gauge_degrees, detail::genKind<&detail::genWriteInt16, &detail::genCheckInt16>(), detail::kGenLo | detail::kGenHi, offsetof(GaugeFields, degrees_)},', '{30, 360},  // degrees'] },
    { given: 'data/Gauge.h', want: ['{nullptr, S::p_gauge_pointerColor, detail::genKind<&detail::genWriteString, &detail::genCheckColor>(), 0, offsetof(GaugeFields, pointerColor_)},'] },
    { given: 'data/Gauge.h', want: ['{nullptr, S::p_gauge_value, detail::genKind<&detail::genWriteNumber, &detail::genCheckNumber>(), detail::kGenLo | detail::kGenHi, offsetof(GaugeFields, value_)},', '{nullptr, S::p_gauge_segments_i_from, detail::genKind<&detail::genWriteInt16, &detail::genCheckInt16>(), detail::kGenRequired | detail::kGenLo | detail::kGenHi, offsetof(GaugeSegmentFields, from_)},', '{0, 100},  // value', '{0, 99},  // from', '{1, 100},  // to'] },
    { given: 'data/Gauge.h', want: ['detail::checkGaugeSegments(e, segments_, segmentsCount_, S::p_gauge_segments, S::p_gauge_segments_i_from, S::p_gauge_segments_i_to)'] },
    { given: 'ComponentError.h', want: ['ComponentErrorCode::GaugeSegmentsCover0To100', 'ComponentErrorCode::GaugeSegmentsNonOverlapping', 'inline SL_NOINLINE SL_GEN_ONE_EXIT bool checkGaugeSegments(ComponentError& e, '] },
    { given: 'form/Slider.h', want: ['{nullptr, S::p_slider_step, detail::genKind<&detail::genWriteNumber, &detail::genCheckNumber>(), detail::kGenLo | detail::kGenLoExclusive, offsetof(SliderFields, step_)},', '{1, 0},  // step', 'Slider& setMin(ComponentNumber minValue) {', '{static_cast<uint8_t>(kMin | kMax | kStep), offsetof(SliderFields, step_), offsetof(SliderFields, max_), offsetof(SliderFields, min_), 4, static_cast<uint8_t>(ComponentErrorCode::SliderStepWithinRange), S::p_slider_step},', 'detail::genNumberRules(e, static_cast<const SliderFields*>(this), r, 4)'] },
    { given: 'form/Slider.h', want: ['explicit Slider(const char* refName)', 'Slider& setRefName(FlashString refName) {'] },
    // Nesting: the form's object and its formComponents array, one level kept
    // for each child (nest 3), children checked 2 levels deeper.
    { given: 'data/Form.h', want: ['ComponentErrorCode::FormRefnamesUnique', 'if (depth + 3 > SL_GEN_MAX_DEPTH) return ComponentError(ComponentErrorCode::TooDeep, S::p_form);', 'checkAt(static_cast<uint8_t>(depth + 2))'] },
    { given: 'ComponentError.h', want: ['#define SL_GEN_MAX_DEPTH (SL_JSON_WRITER_MAX_DEPTH - SL_GEN_ENVELOPE_DEPTH)', 'const uint8_t reach = static_cast<uint8_t>(depth + genFlashByte(&table->nest));', 'if (reach < depth || reach > SL_GEN_MAX_DEPTH) return genFail(e, ComponentErrorCode::TooDeep, genFlashPtr(&table->root));'] },
    { given: 'data/Text.h', want: ['JsonWriter& w = detail::genTypedObject(out, detail::GenKeys<>::k_dataComponentType, ', 'detail::genEndObject(w);'] },
    { given: 'types/GaugePointer.h', want: ['enum class GaugePointer : uint8_t {', '  Needle,  // "needle"'] },
  ];
  test.each(snippets)('$given contains $want', ({ given, want }) => {
    for (const w of want) expect(out.get(given)).toContain(w);
  });

  test('a discriminator value with the text of a pooled key is the pool\'s string (schemas/: the "text" data component)', () => {
    const text = fs.readFileSync(path.join(__dirname, '../../firmware/src/generated/data/Text.h'), 'utf8');
    expect(text).toContain('detail::genTypedObject(out, detail::GenKeys<>::k_dataComponentType, detail::GenKeys<>::k_text);');
    expect(text).not.toContain('v_text[]');
  });

  test('a key that ends an error path is stored once, as the path\'s tail; other keys come from the shared pool', () => {
    const gauge = out.get('data/Gauge.h') as string;
    expect(gauge).not.toContain('k_degrees[]');
    expect(gauge).toContain('= "gauge.degrees";');
    expect(out.get('data/Text.h')).toContain('detail::genTypedObject(out, detail::GenKeys<>::k_dataComponentType, ');
    // the discriminator is in the class record: its value, and masks 0x08 (a data component)
    expect(gauge).toMatch(/static const detail::GenTableOps<detail::GenOps> r SL_PROGMEM = \{\n\s+\{fields\.rows, nullptr, &checkOther, S::v_gauge, \d+, [^}]*0x08/);
    const errors = out.get('ComponentError.h') as string;
    expect(errors).toContain('template <typename T> const char GenKeys<T>::k_dataComponentType[] SL_PROGMEM = "dataComponentType";');
    // every pooled key a header uses is defined in the pool
    for (const [file, text] of out) {
      for (const m of text.matchAll(/GenKeys<>::(k_\w+)/g)) expect(`${file}: ${errors.includes(`GenKeys<T>::${m[1]}[]`)}`).toBe(`${file}: true`);
    }
  });

  test('every file carries the banner with the generator version and no timestamp', () => {
    for (const [file, text] of out) {
      expect(`${file}: ${text.split('\n')[0]}`).toBe(`${file}: // Generated by codegen/ (semilimes SDK generator ${GENERATOR_VERSION}) from schemas/.`);
      expect(text).toContain('Do not edit');
      // The banner (first two lines) never carries a date or time.
      expect(text.split('\n').slice(0, 2).join('\n')).not.toMatch(/\d\d:\d\d|20\d\d-\d\d/);
    }
  });

  test('output is byte-stable', () => {
    const again = generate(specFromSchemas(fixtureSchemas()));
    expect([...again.entries()]).toEqual([...out.entries()]);
  });
});
