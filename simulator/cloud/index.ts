// Public entry of the mock cloud: `import { startCloud } from '../simulator/cloud'`.
export { startCloud } from './server';
export type { Cloud, CloudOptions, SeedKey } from './server';
export { App, Person, summarize } from './app';
export type { ReceivedMessage } from './app';
export type { FaultPlan, FaultSpec, ConnectionInfo } from './faults';
export { parseFaultArg } from './faults';
export { Stats } from './stats';
export { messageReceivedEvent, responseEvent, WS_PATH } from './ws';
