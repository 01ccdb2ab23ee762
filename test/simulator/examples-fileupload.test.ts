// firmware/examples/FileUpload on the simulated Mega and Uno: 16 readings of A0 and
// A1 (voltages set by the simulator) become readings.csv, uploaded as a
// multipart POST /service/file/upload through the ESP-AT modem; the device
// then posts a "file" message with the returned id in alice's channel. The
// cloud must hold the file with exactly the CSV the readings give.
import { figures, runExample, ExampleRunResult, stringDefine } from './exampleRun';

const A0 = 2.5;
const A1 = 1.0;
const mV = (v: number) => Math.trunc((Math.min(1023, Math.floor((v / 5) * 1024)) * 5000) / 1023);
const expectedCsv = () => `sample,a0_mV,a1_mV\n${Array.from({ length: 16 }, (_, i) => `${i},${mV(A0)},${mV(A1)}\n`).join('')}`;

describe.each(['mega', 'uno'])('%s: FileUpload', (board) => {
  let r: ExampleRunResult;
  let channelId = '';
  beforeAll(async () => {
    r = await runExample({
      board,
      example: 'FileUpload',
      tag: 'upload-test',
      analog: { 0: A0, 1: A1 },
      setup: (w) => {
        channelId = w.alice.createChannel('Readings', [w.device.accountId]).channelId;
      },
      defines: () => [stringDefine('FILE_CHANNEL_ID', channelId)],
      app: async (w) => {
        await w.alice.waitForMessage((m) => m.senderId === w.device.accountId && m.dataComponent.dataComponentType === 'file', 150000);
        await w.waitForConsole(/file posted: \w+\r\n/, 30000);
      },
    });
    console.log(`${figures(r.report)}\n${r.report.serial}`);
  }, 300000);

  test('the cloud stores readings.csv with the bytes of the readings, and the channel shows it', () => {
    expect(r.appError).toBeUndefined();
    const files = [...r.cloud.state.files.values()];
    expect(files).toHaveLength(1);
    const f = files[0];
    expect(mV(A0)).toBe(2502); // 512 * 5000 / 1023
    expect(mV(A1)).toBe(997); // 204 * 5000 / 1023
    expect(f.data.toString('latin1')).toBe(expectedCsv());
    expect({ title: f.title, size: f.size, contentType: f.contentType, ownerId: f.ownerId }).toEqual({
      title: 'readings.csv',
      size: expectedCsv().length,
      contentType: 'text/csv',
      ownerId: r.device.accountId,
    });
    const posts = r.cloud.state.channels.get(channelId)!.messages.filter((m) => m.publisherId === r.device.accountId);
    expect(posts.map((m) => m.dataComponent)).toEqual([{ dataComponentType: 'file', fileIds: [f.fileId] }]);
    expect(r.report.serial).toContain(`upload: HTTP 200, file ${f.fileId}\r\n`);
    expect(r.report.serial).toContain('file posted: Ok\r\n');
  });

  test('zero validation errors, no heap', () => {
    expect(r.report.cloud.validationErrors).toBe(0);
    expect(r.report.cloud.requestsPerOperation.uploadFile).toBe(1);
    expect(r.report.cloud.requestsPerOperation.sendChannelMessage).toBe(1);
    expect(r.report.heapBytes).toBe(0);
    expect(r.report.heapSymbols).toEqual([]);
    expect(r.report.stopReason).toBe('until');
    if (board === 'uno') {
      // Within the SDK's Uno RAM budget (1 KB), over its flash budget
      // (10 KB): that overrun is its only failure. Measured 1,010 B (static
      // 777 + stack 233, the peak under the WebSocket connect); was 1,277 B
      // (871 + 406) before the readings, the request, the reply's parser
      // and decoder and the client took turns in one union, and 1,530 before
      // the multipart writer and the sketch's frames shrank.
      expect(r.report.peakRamBytes).toBeLessThanOrEqual(r.report.budget.peakRamBytes);
      expect(r.report.budget.peakRamBytes).toBe(1024);
      expect(r.report.failures).toEqual([expect.stringMatching(/^flash \d+ bytes exceeds the uno budget/)]);
    } else {
      expect(r.report.peakRamBytes).toBeLessThanOrEqual(r.report.budget.peakRamBytes);
      expect(r.report.failures).toEqual([]);
    }
  });
});
