import { enumeratorName, paramName, setterName, typeName, cppString } from '../../codegen/naming';

describe('naming', () => {
  const types: { given: string; want: string }[] = [
    { given: 'text', want: 'Text' },
    { given: 'buttonlist', want: 'ButtonList' },
    { given: 'singlechoice', want: 'SingleChoice' },
    { given: 'qrcodescanner', want: 'QrCodeScanner' },
    { given: 'nfcreader', want: 'NfcReader' },
    { given: 'formsubmission', want: 'FormSubmission' },
    { given: 'webview', want: 'WebView' },
    { given: 'gaugeSegment', want: 'GaugeSegment' },
    { given: 'textbox', want: 'Textbox' },
    { given: 'zzqx', want: 'Zzqx' },
  ];
  test.each(types)('typeName($given) = $want', ({ given, want }) => expect(typeName(given)).toBe(want));

  const setters: { given: string; want: string }[] = [
    { given: 'fontSize', want: 'setFontSize' },
    { given: 'min', want: 'setMin' },
    { given: 'degrees', want: 'setDegrees' },
    { given: 'fileID', want: 'setFileId' },
  ];
  test.each(setters)('setterName($given) = $want', ({ given, want }) => expect(setterName(given)).toBe(want));

  // Arduino.h defines min/max/degrees/round as function-like macros; keywords are reserved.
  const params: { given: string; want: string }[] = [
    { given: 'min', want: 'minValue' },
    { given: 'degrees', want: 'degreesValue' },
    { given: 'default', want: 'defaultValue' },
    { given: 'title', want: 'title' },
  ];
  test.each(params)('paramName($given) = $want', ({ given, want }) => expect(paramName(given)).toBe(want));

  const enums: { given: string; want: string }[] = [
    { given: 'needle', want: 'Needle' },
    { given: '1:2', want: 'V1x2' },
    { given: '3', want: 'V3' },
    { given: 'Owner', want: 'Owner' },
    { given: '', want: 'Empty' },
  ];
  test.each(enums)('enumeratorName($given) = $want', ({ given, want }) => expect(enumeratorName(given)).toBe(want));

  const strings: { given: string; want: string }[] = [
    { given: 'a"b', want: '"a\\"b"' },
    { given: 'a\\b', want: '"a\\\\b"' },
    { given: 'x\u0000y', want: '"x\\000y"' },
    { given: 'é', want: '"\\303\\251"' },
  ];
  test.each(strings)('cppString($given)', ({ given, want }) => expect(cppString(given)).toBe(want));
});
