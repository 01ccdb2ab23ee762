// A send-only program (no event handler, no ResponseFn: examples/ChannelGauge)
// links none of the inbound event reader's parsing code, nor the parser's
// feeding code, on AVR (-Os -flto); the same program with a handler does
// (the control: the symbol checks can fail). No heap either way.
import { heapSymbols, isInstalled, linkFor, sizeOf, symbolsOf } from '../helpers/toolchains';
import { CLIENT_LIBRARY_SOURCES } from '../helpers/cpp';

const PROGRAM = 'test/firmware/client/send_only_program.cpp';
// What reading events links: the reader's parsing (eventTo<Sink>, parse,
// beginValue, bindForm, formValue), the message dispatch (feedEvents,
// deliver<Handler>) and the parser's feeding code.
const READER_CODE =
  /BasicInboundEventReader::(eventTo|parse|beginValue|bindForm|formValue|finishScalar|message)\b|BasicClient::(deliver|feedEvents)\b|JsonParser::feed/;

describe('send-only client on AVR', () => {
  test('ATmega328P: no reader code without a handler; linked with one', async () => {
    if (!isInstalled('avr')) return;
    const sendOnly = await linkFor('avr', [PROGRAM, ...CLIENT_LIBRARY_SOURCES], 'client-send-only', ['-flto']);
    const reads = await linkFor('avr', [PROGRAM, ...CLIENT_LIBRARY_SOURCES], 'client-send-only-reads', ['-flto', '-DREADS=1']);
    const code = (elf: string) =>
      symbolsOf('avr', elf)
        .filter((s) => /^[tTwW]$/.test(s.type) && READER_CODE.test(s.name))
        .map((s) => s.name);
    expect(code(sendOnly)).toEqual([]);
    expect(code(reads).some((n) => /eventTo|parse/.test(n))).toBe(true);
    expect(code(reads).some((n) => /BasicClient::deliver\b/.test(n))).toBe(true);
    expect(heapSymbols('avr', sendOnly)).toEqual([]);
    expect(heapSymbols('avr', reads)).toEqual([]);
    const a = sizeOf('avr', sendOnly);
    const b = sizeOf('avr', reads);
    // Reading events costs several KB of flash (4.5 KB measured); the same RAM
    // layout either way (the handler's buffers and object aside).
    expect(b.flash - a.flash).toBeGreaterThan(3000);
    console.log(`send-only ${a.flash} B flash, ${a.data + a.bss} B RAM; with a handler ${b.flash} B, ${b.data + b.bss} B`);
  }, 180000);
});
