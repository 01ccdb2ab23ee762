// The world the examples' placeholder ids name. The sketches in
// firmware/examples/ are built, unless told otherwise, with a fixed owner
// account id (OWNER_ID in Provisioning and ProvisioningUno) and a fixed
// channel id (LAMP_CHANNEL_ID, GAUGE_CHANNEL_ID, FILE_CHANNEL_ID). A mock
// cloud seeded by seedExampleWorld() has both: alice (the app's person) at
// that account id, owning that channel, with the device's seeded account as
// an editor. `npm run sim`, `npm run demo` and the example tests use it, so a
// sketch run as it ships talks to real places, not to 404s.
//
//   const cloud = await startCloud({ port: 0, apiKeys: ['dev-key'] });
//   const { alice, channel } = seedExampleWorld(cloud);
import type { Cloud } from '../cloud';

/** OWNER_ID of Provisioning.ino and ProvisioningUno.ino: alice's account id. */
export const EXAMPLE_OWNER_ID = '0b7f3f4e-5c1a-4d2b-9e8f-6a5b4c3d2e1f';
/** The channel id LampControl, ChannelGauge and FileUpload are built with. */
export const EXAMPLE_CHANNEL_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
/** The title of that channel. */
export const EXAMPLE_CHANNEL_TITLE = 'Living room';

/**
 * Seeds `cloud` with alice at EXAMPLE_OWNER_ID and her channel at
 * EXAMPLE_CHANNEL_ID, the first seeded (API key) account an editor of it.
 * Either may exist already (alice from an earlier call): then it is reused.
 * Throws when alice exists under another account id.
 */
export function seedExampleWorld(cloud: Cloud) {
  const alice = cloud.app.person('alice', { accountId: EXAMPLE_OWNER_ID });
  const device = cloud.seeded[0]?.account;
  const channel =
    cloud.state.channels.get(EXAMPLE_CHANNEL_ID) ??
    alice.createChannel(EXAMPLE_CHANNEL_TITLE, device ? [device.accountId] : [], EXAMPLE_CHANNEL_ID);
  return { alice, channel };
}
