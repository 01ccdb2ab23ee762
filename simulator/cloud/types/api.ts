// GENERATED FILE, DO NOT EDIT. Regenerate with `npm run types`.
// Source: schemas/ (openapi.yaml, ws-request, inbound-event, data/form components); quicktype-core 26.0.0.
/* eslint-disable */
/**
 * An RGB colour string "#RRGGBB". The docs write the format as
 * #[0-F][0-F][0-F][0-F][0-F][0-F] (hex digits, examples in upper case). DECISION: six hex
 * digits, upper or lower case; no #RGB short form, no alpha.
 *
 * RGB colour of the pointer, if set.
 *
 * RGB colour of the progress bar, if set. DECISION: the docs describe "pointerColor" twice;
 * the second description ("defines the RGB color of the progress bar") belongs to
 * progressBarColor, the field the example uses.
 *
 * Segment colour "#RRGGBB".
 */
type Color = string;

/**
 * Epoch datetime when the appointment ends (required). Semantic rule: end is not before
 * start.
 *
 * Unix epoch timestamp (integer). Appointment times are epoch values; event-picker times
 * are epoch milliseconds.
 *
 * Epoch datetime when the appointment starts (required).
 *
 * Event start in epoch milliseconds.
 */
type Epoch = number;

/**
 * Latitude in decimal degrees.
 */
type Latitude = number;

/**
 * Longitude in decimal degrees.
 */
type Longitude = number;

/**
 * DECISION: the endpoint documents a flat "new bucket" body, while the Buckets section
 * ("Creating buckets", "Referencing buckets") shows `{dataComponent: <bucket>}` as a
 * request body for adding to the feed. Both forms are accepted: the flat form creates a
 * bucket, the wrapped form creates one (no bucketId) or references an existing bucket
 * (bucketId set).
 */
export interface AddFeedPostRequest {
    /**
     * A fileId (from File Upload) for the bucket avatar.
     */
    avatar?: string;
    /**
     * Child data components, including bucket references.
     */
    dataComponents?: DataComponent[];
    /**
     * The bucket description.
     */
    description?: string;
    /**
     * Allows reactions (likes) to the content.
     */
    enableReactions?: boolean;
    /**
     * If true, other users cannot interact with the content.
     */
    locked?: boolean;
    /**
     * The bucket title.
     */
    title?: string;
    /**
     * If false, only the creator sees the bucket.
     */
    visible?:       boolean;
    dataComponent?: BucketDataComponent;
}

/**
 * A generic bucket: holds data components and references to other buckets. With bucketId it
 * references an existing bucket (only bucketId and dataComponentType are needed); without
 * bucketId it describes a bucket to create. DECISION: the "Creating buckets" example
 * carries "bucketId": "<auto_generated>"; that is a docs placeholder, so bucketId is any
 * string and its absence is not enforced for creation. DECISION: "profileitem", which
 * appears once as the dataComponentType of an updated bucket in a response, is not one of
 * the 13 components and is not accepted here. Unknown properties are allowed
 * (additionalProperties is not restricted): the platform echoes server-side fields (e.g.
 * bucket viewCount, ownerId, role) inside components, and the docs describe fields without
 * a full specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface BucketDataComponent {
    /**
     * A fileId (from a file upload) used as the bucket avatar image.
     */
    avatar?: string;
    /**
     * Unique id of an existing bucket (reference) or of the created bucket (in responses).
     * Absent when creating.
     */
    bucketId?: string;
    /**
     * Child data components, including references to child buckets.
     */
    dataComponents?: DataComponent[];
    /**
     * Discriminator.
     */
    dataComponentType: BucketDataComponentDataComponentType;
    /**
     * The bucket description.
     */
    description?: string;
    /**
     * Allows other users to post reactions (e.g. likes) to the content.
     */
    enableReactions?: boolean;
    /**
     * General edit permissions; if true other users cannot interact with its content.
     */
    locked?: boolean;
    /**
     * Account id owning the bucket (set by the platform).
     */
    ownerId?: string;
    /**
     * Role of the current account for the bucket (set by the platform).
     */
    role?: AccessRole;
    /**
     * The bucket title.
     */
    title?: string;
    /**
     * General visibility; if false the bucket is only visible to its creator.
     */
    visible?: boolean;
    [property: string]: unknown;
}

export type BucketDataComponentDataComponentType = "bucket";

/**
 * Any of the 13 semilimes data components, discriminated by dataComponentType. Each
 * component is defined at $defs/<dataComponentType>. Rules JSON Schema cannot express are
 * listed in x-semantic annotations and checked by schemas/semantic/index.ts.
 */
export interface DataComponent {
    /**
     * Discriminator: selects the component schema in $defs.
     */
    dataComponentType: DataComponentDataComponentType;
    [property: string]: unknown;
}

/**
 * Discriminator: selects the component schema in $defs.
 */
export type DataComponentDataComponentType = "text" | "html" | "gauge" | "file" | "contact" | "location" | "appointment" | "webview" | "channel" | "tunnel" | "form" | "formsubmission" | "bucket";

/**
 * Role of the current account on an account or bucket.
 *
 * Role of the current account for the bucket (set by the platform).
 */
export type AccessRole = "Owner" | "Admin" | "Editor" | "Viewer";

export interface APIKeyCreated {
    created_at?: Date;
    expire_at:   Date;
    /**
     * New key id.
     */
    id:         number;
    is_active?: boolean;
    /**
     * The API key; returned only once.
     */
    key:         string;
    name?:       string;
    revoked_at?: Date | null;
    [property: string]: unknown;
}

export interface APIKeyDeleted {
    /**
     * The deleted key id.
     */
    id: number;
    [property: string]: unknown;
}

export interface APIKeyInfo {
    /**
     * Expiration time (RFC 3339).
     */
    expire_at: Date;
    /**
     * API key id.
     */
    id: number;
    /**
     * Whether the key is active.
     */
    is_active?: boolean;
    /**
     * API key name.
     */
    name?: string;
    /**
     * Rotation flow: id of the key this one replaced, to delete after storing a new key.
     */
    previous_api_key_id?: number | null;
    [property: string]: unknown;
}

export interface BucketLike {
    bucketId: string;
    /**
     * Whether the calling account now likes the bucket.
     */
    like: boolean;
    [property: string]: unknown;
}

export interface BucketUpdated {
    /**
     * The calling account.
     */
    accountId?:    string;
    updatedBucket: UpdatedBucket;
    [property: string]: unknown;
}

export interface UpdatedBucket {
    bucketId: string;
    /**
     * DECISION: the docs example returns "profileitem" although buckets are "bucket" elsewhere;
     * both are accepted.
     */
    dataComponentType?: UpdatedBucketDataComponentType;
    description?:       string;
    enableReactions?:   boolean;
    locked?:            boolean;
    title?:             string;
    /**
     * Views of the bucket.
     */
    viewCount?: number;
    visible?:   boolean;
    [property: string]: unknown;
}

/**
 * DECISION: the docs example returns "profileitem" although buckets are "bucket" elsewhere;
 * both are accepted.
 */
export type UpdatedBucketDataComponentType = "bucket" | "profileitem";

export interface Channel {
    /**
     * fileId of the avatar image, if any.
     */
    avatar?: string;
    /**
     * Channel id.
     */
    channelId: string;
    /**
     * Accounts that can publish on the channel.
     */
    editorIds?: string[];
    /**
     * If true, other users cannot interact with its content.
     */
    locked?: boolean;
    /**
     * Owner account id.
     */
    ownerId?: string;
    role?:    ChannelRole;
    /**
     * Channel title.
     */
    title: string;
    /**
     * If false, the channel is only visible to its creator.
     */
    visible?: boolean;
    [property: string]: unknown;
}

/**
 * The current account's role on a channel.
 */
export type ChannelRole = "Owner" | "Editor" | "Subscriber";

export interface ChannelCreated {
    createdChannel: CreatedChannelObject;
    [property: string]: unknown;
}

export interface CreatedChannelObject {
    /**
     * DECISION: the create response spells the editor list `editors` (elsewhere `editorIds`);
     * both are accepted.
     */
    editors?: string[];
    /**
     * fileId of the avatar image, if any.
     */
    avatar?: string;
    /**
     * Channel id.
     */
    channelId: string;
    /**
     * Accounts that can publish on the channel.
     */
    editorIds?: string[];
    /**
     * If true, other users cannot interact with its content.
     */
    locked?: boolean;
    /**
     * Owner account id.
     */
    ownerId?: string;
    role?:    ChannelRole;
    /**
     * Channel title.
     */
    title: string;
    /**
     * If false, the channel is only visible to its creator.
     */
    visible?: boolean;
    [property: string]: unknown;
}

export interface ChannelMessageSent {
    channelId:   string;
    sentMessage: Message;
    [property: string]: unknown;
}

export interface Message {
    dataComponent: DataComponent;
    /**
     * Unique message id.
     */
    messageId: string;
    /**
     * Reaction code -> account ids that reacted with it.
     */
    messageReactions?: { [key: string]: string[] };
    /**
     * Publication time (Unix time, seconds).
     */
    publishedOn?: number;
    /**
     * Account id of the publisher.
     */
    publisherId?: string;
    /**
     * Last edit time (Unix time, seconds).
     */
    updatedOn?: number;
    [property: string]: unknown;
}

export interface ChannelMessages {
    channelId?: string;
    messages:   Message[];
    [property: string]: unknown;
}

export interface ChannelSubscription {
    channelId: string;
    /**
     * Whether the account is now subscribed.
     */
    subscribed: boolean;
    [property: string]: unknown;
}

export interface Contact {
    /**
     * The contact's account id.
     */
    accountId: string;
    /**
     * The contact's display name.
     */
    accountName?: string;
    /**
     * CONFIRMED: an actual contact; INVITED: invited, not confirmed yet; WAITING: the contact
     * invited this account, not confirmed yet.
     */
    contactStatus: ContactStatus;
    [property: string]: unknown;
}

/**
 * CONFIRMED: an actual contact; INVITED: invited, not confirmed yet; WAITING: the contact
 * invited this account, not confirmed yet.
 */
export type ContactStatus = "CONFIRMED" | "INVITED" | "WAITING";

export interface CreateAPIKeyRequest {
    /**
     * Expiration time, format '2006-01-02T15:04:05Z07:00' (RFC 3339).
     */
    expire_at: Date;
    /**
     * Name distinguishing the key in the user portal.
     */
    name: string;
}

/**
 * DECISION: the docs do not mark optional fields; name, clientPort and publicKey are
 * required (a tunnel cannot work without them).
 */
export interface CreateTunnelRequest {
    /**
     * Additional sub-path after the main domain address.
     */
    clientPath?: string;
    /**
     * Local port to expose.
     */
    clientPort: number;
    /**
     * Tunnel description.
     */
    description?: string;
    /**
     * Tunnel name.
     */
    name: string;
    /**
     * Public RSA key of an SSH certificate generated by the client.
     */
    publicKey: string;
}

/**
 * DECISION (docs silent): `claimed` tells the state; `authToken` is present exactly when
 * claimed.
 */
export interface DeviceClaimStatus {
    /**
     * API key for the device; present once claimed. Store it in non-volatile memory.
     */
    authToken?: string;
    /**
     * Whether a user has claimed the device.
     */
    claimed:  boolean;
    deviceId: string;
    [property: string]: unknown;
}

export interface DeviceCredentials {
    /**
     * Unique device id (chosen by the device maker).
     */
    deviceId: string;
    /**
     * Provisioning key issued for the device.
     */
    provisioningKey: string;
}

export interface DeviceRef {
    /**
     * The device.
     */
    deviceId: string;
}

/**
 * DECISION (docs silent; follows the platform device SDK flow): registration returns the
 * claim key that the device shows as a QR code.
 */
export interface DeviceRegistered {
    /**
     * The claim key to show as a QR code for the semilimes app to scan.
     */
    claimKey: string;
    deviceId: string;
    [property: string]: unknown;
}

export interface DeviceReset {
    deviceId: string;
    /**
     * True when the device was released.
     */
    reset: boolean;
    [property: string]: unknown;
}

/**
 * The fixed response schema of every JSON reply. `statusCode` is null when the HTTP status
 * is 200 and the HTTP status otherwise; `error` is null on success; `data` carries the
 * operation result (documented per operation).
 */
export interface Envelope {
    /**
     * Operation result (object, array or null).
     */
    data: unknown;
    /**
     * Error message, or null.
     */
    error: null | string;
    /**
     * null when HTTP status is 200, else the HTTP status.
     */
    statusCode: number | null;
    /**
     * Whether the request succeeded.
     */
    success: boolean;
    [property: string]: unknown;
}

export interface Feed {
    /**
     * Account owning the feed.
     */
    accountId?: string;
    /**
     * Feed avatar fileId.
     */
    avatar?:      string;
    featureType?: FeedFeatureType;
    /**
     * Feed id.
     */
    feedId: string;
    posts?: FeedPost[];
    /**
     * Feed title.
     */
    title?: string;
    [property: string]: unknown;
}

export type FeedFeatureType = "feed";

/**
 * A feed post: a bucket with publishing times. DECISION: the docs table calls the edit time
 * `updatedOn` while every example uses `editedOn`; the spec follows the examples
 * (`editedOn`).
 */
export interface FeedPost {
    dataComponent: BucketDataComponent;
    /**
     * When the post was last edited (Unix time, seconds).
     */
    editedOn?: number;
    /**
     * When the post was published (Unix time, seconds).
     */
    publishedOn?: number;
    [property: string]: unknown;
}

export interface FeedPostAdded {
    accountId?: string;
    addedPost:  FeedPost;
    feedId?:    string;
    [property: string]: unknown;
}

export interface FeedPostUpdated {
    accountId?:  string;
    feedId?:     string;
    updatedPost: FeedPost;
    [property: string]: unknown;
}

export interface FileDownloadRequest {
    /**
     * The file to download.
     */
    fileId: string;
    /**
     * Optional width in pixels of the image thumbnail (images only).
     */
    thumbnailSize?: number;
}

export interface FileUploadRequest {
    /**
     * The files to upload (one multipart part each).
     */
    httpFiles: string[];
    [property: string]: unknown;
}

export interface FilesUploaded {
    uploadedFiles: UploadedFile[];
    [property: string]: unknown;
}

export interface UploadedFile {
    /**
     * Id to put in a "file" data component.
     */
    fileId: string;
    /**
     * Uploaded size in bytes.
     */
    size?: number;
    /**
     * File display name.
     */
    title?: string;
    [property: string]: unknown;
}

export interface GroupChatCreated {
    createdGroupChat: GroupChat;
    [property: string]: unknown;
}

export interface GroupChat {
    /**
     * Group chat id.
     */
    groupChatId: string;
    /**
     * Account that owns the group chat.
     */
    ownerId?: string;
    /**
     * All the editors (members) of the group chat.
     */
    recipientIds?: string[];
    /**
     * Conversation display name.
     */
    title?: string;
    [property: string]: unknown;
}

export interface GroupChatInvited {
    groupChatId:          string;
    invitedRecipientsIds: string[];
    [property: string]: unknown;
}

export interface GroupChatMessageSent {
    groupChatId: string;
    sentMessage: Message;
    [property: string]: unknown;
}

export interface GroupChatMessages {
    groupChatId: string;
    messages:    Message[];
    [property: string]: unknown;
}

export interface Llms {
    llms: Llm[];
    [property: string]: unknown;
}

export interface Llm {
    /**
     * Whether the LLM answers automatically.
     */
    autoResponse?: boolean;
    /**
     * LLM id.
     */
    id: string;
    [property: string]: unknown;
}

export interface MessageUpdated {
    updatedMessage: Message;
    [property: string]: unknown;
}

export interface MyAccounts {
    currentAccount:  Account;
    mainAccount?:    Account;
    sharedAccounts?: Account[];
    subAccounts?:    Account[];
    [property: string]: unknown;
}

export interface Account {
    accessRole?: AccessRole;
    /**
     * Global account identifier.
     */
    accountId: string;
    /**
     * Friendly name.
     */
    accountName?: string;
    /**
     * Advanced (details=true): comments received.
     */
    commentCount?: number;
    /**
     * Creation time (Unix time, seconds).
     */
    createdAt?: number;
    /**
     * Last time the account was seen (Unix time, seconds).
     */
    lastSeen?: number;
    /**
     * Advanced (details=true): likes received.
     */
    likeCount?: number;
    /**
     * Advanced (details=true): current online status.
     */
    onlineStatus?: OnlineStatus;
    /**
     * Account id of the account owner.
     */
    ownerAccountId?: string;
    /**
     * Subaccounts only: the account holding this subaccount.
     */
    parentAccountId?: string;
    /**
     * Human readable account reference shown in the app.
     */
    semilimesId?: string;
    /**
     * Last update (Unix time, seconds).
     */
    updatedAt?: number;
    /**
     * Advanced (details=true): views by other users.
     */
    viewCount?: number;
    [property: string]: unknown;
}

/**
 * Advanced (details=true): current online status.
 */
export type OnlineStatus = "Online" | "Offline";

export interface P2PChat {
    /**
     * The other account of the chat.
     */
    recipientId: string;
    [property: string]: unknown;
}

export interface P2PMessageSent {
    recipientId: string;
    sentMessage: Message;
    [property: string]: unknown;
}

export interface P2PMessages {
    messages:    Message[];
    recipientId: string;
    [property: string]: unknown;
}

export interface ProfileUpdateRequest {
    /**
     * Avatar fileId.
     */
    avatar?: string;
    /**
     * Profile description.
     */
    description?: string;
    /**
     * Whether other users can react.
     */
    enableReactions?: boolean;
    /**
     * Whether other users can interact with the content.
     */
    locked?: boolean;
    /**
     * Data components of the pin wall.
     */
    pinWall?: DataComponent[];
    /**
     * Profile title.
     */
    title?: string;
    /**
     * Visibility to other users.
     */
    visible?: boolean;
}

export interface ProfileUpdated {
    /**
     * The updated account.
     */
    accountId?:     string;
    updatedProfile: Profile;
    [property: string]: unknown;
}

/**
 * DECISION: Get returns `profileId`, Update returns `refName`; both are optional here.
 */
export interface Profile {
    /**
     * Foreground image (fileId).
     */
    avatar?: string;
    /**
     * Subtitle displayed under the title.
     */
    description?: string;
    /**
     * Whether other users can react to the profile content.
     */
    enableReactions?: boolean;
    featureType?:     ProfileFeatureType;
    /**
     * Whether other users can interact with the profile content.
     */
    locked?: boolean;
    /**
     * Data components shown in the pin wall.
     */
    pinWall?: DataComponent[];
    /**
     * Profile id (returned by Get Account Profile).
     */
    profileId?: string;
    /**
     * Profile reference name (returned by Update Account Profile).
     */
    refName?: string;
    /**
     * Additional buckets under the profile page.
     */
    subBuckets?: BucketDataComponent[];
    /**
     * Title displayed in the profile page.
     */
    title?: string;
    /**
     * Visibility of the profile to other users.
     */
    visible?: boolean;
    [property: string]: unknown;
}

export type ProfileFeatureType = "profile";

export interface ReactionAdded {
    /**
     * The reaction added.
     */
    addedReaction: string;
    messageId:     string;
    [property: string]: unknown;
}

export interface ReactionRemoved {
    messageId: string;
    /**
     * The reaction removed.
     */
    removedReaction: string;
    [property: string]: unknown;
}

export interface ReplySent {
    /**
     * The cited message.
     */
    messageId: string;
    sentReply: Message;
    [property: string]: unknown;
}

export interface Tunnel {
    /**
     * Additional sub-path after the main domain address.
     */
    clientPath?: string;
    /**
     * Local port exposed through the tunnel.
     */
    clientPort?: number;
    /**
     * Tunnel description.
     */
    description?: string;
    /**
     * Tunnel server host (only while open).
     */
    host?: string;
    /**
     * Tunnel name.
     */
    name?: string;
    /**
     * Remote port on the tunnel server (only while open).
     */
    port?: number;
    /**
     * Public RSA key of the client SSH certificate.
     */
    publicKey?: string;
    /**
     * Tunnel id.
     */
    tunnelId: string;
    /**
     * URL that reaches the local content.
     */
    tunnelUrl?: string;
    /**
     * SSH user name on the tunnel server (only while open).
     */
    username?: string;
    [property: string]: unknown;
}

export interface TunnelCreated {
    tunnelId: string;
    [property: string]: unknown;
}

export interface TunnelOpened {
    /**
     * Remote address of the tunnel server.
     */
    host: string;
    /**
     * Remote port mapped to the client port.
     */
    port:     number;
    tunnelId: string;
    /**
     * URL that reaches the local content.
     */
    tunnelUrl?: string;
    /**
     * SSH user name on the tunnel server.
     */
    username: string;
    [property: string]: unknown;
}

export interface TunnelRef {
    /**
     * The tunnel.
     */
    tunnelId: string;
}

export interface UpdateFeedPostRequest {
    /**
     * A fileId (from File Upload) for the bucket avatar.
     */
    avatar?: string;
    /**
     * The post (bucket) to update.
     */
    bucketId: string;
    /**
     * Child data components, including bucket references.
     */
    dataComponents?: DataComponent[];
    /**
     * The bucket description.
     */
    description?: string;
    /**
     * Allows reactions (likes) to the content.
     */
    enableReactions?: boolean;
    /**
     * If true, other users cannot interact with the content.
     */
    locked?: boolean;
    /**
     * The bucket title.
     */
    title?: string;
    /**
     * If false, only the creator sees the bucket.
     */
    visible?: boolean;
}

/**
 * A request sent by the client over the WebSocket (wss://api.semilimes.net/service/ws,
 * Authorization: Bearer <API key>). `requestType` is the REST path of the operation;
 * `parameters` carries the REST query parameters as typed JSON values (booleans and
 * integers, not strings) and `body` the REST request body. Each requestType has its own
 * parameters/body schema (the if/then branches). The server answers with a `Response`
 * inbound event carrying the same requestId. DECISION: the docs say "Send to /wsclient" for
 * every request; that is read as the destination inside the socket, whose URL is
 * /service/ws. DECISION: `parameters` and `body` may be omitted when the operation needs
 * none.
 */
export interface WsRequest {
    /**
     * The REST request body.
     */
    body?: { [key: string]: unknown };
    /**
     * The REST query parameters.
     */
    parameters?: { [key: string]: unknown };
    /**
     * Client-chosen correlation id, echoed in the Response event.
     */
    requestId: string;
    /**
     * The REST path of the operation.
     */
    requestType: RequestType;
    /**
     * Protocol version: always "2".
     */
    version: Version;
}

/**
 * The REST path of the operation.
 */
export type RequestType = "/communication/p2p" | "/communication/p2p/message" | "/communication/p2p/message/send" | "/communication/p2p/message/update" | "/communication/p2p/message/reaction/send" | "/communication/p2p/message/reaction/remove" | "/communication/p2p/message/reply" | "/communication/p2p/signal/typing" | "/communication/groupchat" | "/communication/groupchat/create" | "/communication/groupchat/message" | "/communication/groupchat/invite" | "/communication/groupchat/message/send" | "/communication/groupchat/message/update" | "/communication/groupchat/message/reaction/send" | "/communication/groupchat/message/reaction/remove" | "/communication/groupchat/message/reply" | "/communication/groupchat/signal/typing" | "/communication/channel/my" | "/communication/channel" | "/communication/channel/create" | "/communication/channel/message" | "/communication/channel/message/send" | "/communication/channel/message/update" | "/communication/channel/subscribe" | "/communication/channel/unsubscribe" | "/communication/bucket" | "/communication/bucket/update" | "/communication/bucket/like" | "/communication/bucket/unlike";

export type Version = "2";

/**
 * Editable bucket fields (a bucket data component without id and type).
 */
export interface BucketContent {
    /**
     * A fileId (from File Upload) for the bucket avatar.
     */
    avatar?: string;
    /**
     * Child data components, including bucket references.
     */
    dataComponents?: DataComponent[];
    /**
     * The bucket description.
     */
    description?: string;
    /**
     * Allows reactions (likes) to the content.
     */
    enableReactions?: boolean;
    /**
     * If true, other users cannot interact with the content.
     */
    locked?: boolean;
    /**
     * The bucket title.
     */
    title?: string;
    /**
     * If false, only the creator sees the bucket.
     */
    visible?: boolean;
    [property: string]: unknown;
}

/**
 * Body of POST /communication/channel/create.
 */
export interface CreateChannelBody {
    /**
     * fileId of the avatar image.
     */
    avatar?: string;
    /**
     * Additional editors.
     */
    editorIds?: string[];
    /**
     * If true, other users cannot interact with its content.
     */
    locked?: boolean;
    /**
     * Channel title.
     */
    title: string;
    /**
     * If false, only the creator sees the channel.
     */
    visible?: boolean;
}

/**
 * Body of POST /communication/groupchat/create.
 */
export interface CreateGroupChatBody {
    /**
     * Accounts to invite.
     */
    recipientIds?: string[];
    /**
     * Conversation display name.
     */
    title: string;
}

/**
 * Query parameters of GET /communication/channel/message, as typed JSON values.
 */
export interface GetChannelMessagesParameters {
    /**
     * The channel (documented as optional).
     */
    channelId?: string;
    /**
     * Limits the number of items returned.
     */
    limit?: number;
    /**
     * Retrieve a specific message.
     */
    messageId?: string;
}

/**
 * Query parameters of GET /communication/channel, as typed JSON values.
 */
export interface GetChannelsParameters {
    /**
     * The channel with this id.
     */
    channelId?: string;
    /**
     * Channels this account edits.
     */
    editorId?: string;
    /**
     * Channels owned by this account.
     */
    ownerId?: string;
    /**
     * Channels with this title.
     */
    title?: string;
}

/**
 * Query parameters of GET /communication/groupchat/message, as typed JSON values.
 */
export interface GetGroupChatMessagesParameters {
    /**
     * The group chat.
     */
    groupChatId: string;
    /**
     * Limits the number of items returned.
     */
    limit?: number;
    /**
     * Search a specific message id.
     */
    messageId?: string;
}

/**
 * Query parameters of GET /communication/groupchat, as typed JSON values.
 */
export interface GetGroupChatsParameters {
    /**
     * Comma separated recipient ids: only group chats containing them are returned.
     */
    recipientIds?: string;
}

/**
 * Query parameters of GET /communication/channel/my, as typed JSON values.
 */
export interface GetMyChannelsParameters {
    /**
     * Include channels the account edits.
     */
    editor?: boolean;
    /**
     * Include channels the account owns.
     */
    owner?: boolean;
    /**
     * Include channels the account subscribes to.
     */
    subscriber?: boolean;
}

/**
 * Query parameters of GET /communication/p2p/message, as typed JSON values.
 */
export interface GetP2PMessagesParameters {
    /**
     * Limits the number of items returned.
     */
    limit?: number;
    /**
     * Search for a specific message id.
     */
    messageId?: string;
    /**
     * Identifies the p2p chat by the recipient id.
     */
    recipientId: string;
}

/**
 * Body of POST /communication/groupchat/invite.
 */
export interface InviteToGroupChatBody {
    /**
     * The group chat.
     */
    groupChatId: string;
    /**
     * Accounts to invite.
     */
    recipientIds: string[];
}

/**
 * Body of POST /communication/bucket/like.
 */
export interface LikeBucketBody {
    /**
     * The bucket.
     */
    bucketId: string;
}

/**
 * This request has no body.
 */
export interface NoBody {
}

/**
 * This request takes no query parameters.
 */
export interface NoParameters {
}

/**
 * Query parameters of POST /communication/bucket, as typed JSON values.
 */
export interface OpenBucketParameters {
    /**
     * The bucket to open.
     */
    bucketId: string;
}

/**
 * Body of POST /communication/groupchat/message/reaction/remove.
 */
export interface RemoveGroupChatReactionBody {
    /**
     * The message.
     */
    messageId: string;
    /**
     * The reaction code to remove.
     */
    reaction: string;
}

/**
 * Body of POST /communication/p2p/message/reaction/remove.
 */
export interface RemoveP2PReactionBody {
    /**
     * The message.
     */
    messageId: string;
    /**
     * The reaction code to remove.
     */
    reaction: string;
}

/**
 * Body of POST /communication/groupchat/message/reply.
 */
export interface ReplyGroupChatMessageBody {
    dataComponent: ReplyText;
    /**
     * The message to reply to.
     */
    messageId: string;
}

/**
 * The data component of a reply: text only. DECISION: the docs show the p2p reply with
 * `dataComponentType: "text"` and the group-chat reply without it; both replies accept
 * `dataComponentType` as optional (when present it must be "text"), and the SDK always
 * sends it.
 */
export interface ReplyText {
    /**
     * Optional: text is the only reply type; the SDK always sends it.
     */
    dataComponentType?: ReplyTextDataComponentType;
    /**
     * The reply text.
     */
    text: string;
}

export type ReplyTextDataComponentType = "text";

/**
 * Body of POST /communication/p2p/message/reply.
 */
export interface ReplyP2PMessageBody {
    dataComponent: ReplyText;
    /**
     * The message to reply to.
     */
    messageId: string;
}

/**
 * Body of POST /communication/channel/message/send.
 */
export interface SendChannelMessageBody {
    /**
     * The channel to send to.
     */
    channelId:     string;
    dataComponent: DataComponent;
    options?:      MessageOptions;
}

/**
 * Delivery options of a message.
 */
export interface MessageOptions {
    /**
     * Send (or update) without any in-app notification.
     */
    silent?: boolean;
}

/**
 * Body of POST /communication/groupchat/message/send.
 */
export interface SendGroupChatMessageBody {
    dataComponent: DataComponent;
    /**
     * The conversation to send to.
     */
    groupChatId: string;
    options?:    MessageOptions;
}

/**
 * Body of POST /communication/groupchat/message/reaction/send.
 */
export interface SendGroupChatReactionBody {
    /**
     * The message to react to.
     */
    messageId: string;
    /**
     * The reaction, usually an emoji character.
     */
    reaction: string;
}

/**
 * Body of POST /communication/p2p/message/send.
 */
export interface SendP2PMessageBody {
    dataComponent: DataComponent;
    options?:      MessageOptions;
    /**
     * The other account of the conversation.
     */
    recipientId: string;
}

/**
 * Body of POST /communication/p2p/message/reaction/send.
 */
export interface SendP2PReactionBody {
    /**
     * The message to react to.
     */
    messageId: string;
    /**
     * Optional refName of a data component inside the message (documented field, absent from
     * the example).
     */
    messageRefName?: string;
    /**
     * The reaction, usually an emoji character.
     */
    reaction: string;
}

/**
 * Body of POST /communication/groupchat/signal/typing.
 */
export interface SignalGroupChatTypingBody {
    /**
     * The group chat.
     */
    groupChatId: string;
}

/**
 * Body of POST /communication/p2p/signal/typing.
 */
export interface SignalP2PTypingBody {
    /**
     * The other account.
     */
    recipientId: string;
}

/**
 * Body of POST /communication/channel/subscribe.
 */
export interface SubscribeChannelBody {
    /**
     * The channel.
     */
    channelId: string;
}

/**
 * Body of POST /communication/bucket/unlike.
 */
export interface UnlikeBucketBody {
    /**
     * The bucket.
     */
    bucketId: string;
}

/**
 * Body of POST /communication/channel/unsubscribe.
 */
export interface UnsubscribeChannelBody {
    /**
     * The channel.
     */
    channelId: string;
}

/**
 * Body of POST /communication/bucket/update.
 *
 * Editable bucket fields (a bucket data component without id and type).
 */
export interface UpdateBucketBody {
    /**
     * The bucket to update.
     */
    bucketId: string;
}

/**
 * Body of POST /communication/channel/message/update.
 */
export interface UpdateChannelMessageBody {
    dataComponent: DataComponent;
    /**
     * The message to update.
     */
    messageId: string;
    options?:  MessageOptions;
}

/**
 * Body of POST /communication/groupchat/message/update.
 */
export interface UpdateGroupChatMessageBody {
    dataComponent: DataComponent;
    /**
     * The message to update.
     */
    messageId: string;
    options?:  MessageOptions;
}

/**
 * Body of POST /communication/p2p/message/update.
 */
export interface UpdateP2PMessageBody {
    dataComponent: DataComponent;
    /**
     * The message to update.
     */
    messageId: string;
    options?:  MessageOptions;
}

/**
 * Every server-to-client WebSocket message: a `Response` to a request (correlated by
 * requestId) or a `MessageReceived` event for p2p, group chat or channel messages (told
 * apart by featureType). Unknown extra properties are tolerated for forward compatibility.
 */
export interface InboundEvent {
    eventType:    InboundEventEventType;
    featureType?: InboundEventFeatureType;
    [property: string]: unknown;
}

export type InboundEventEventType = "Response" | "MessageReceived";

export type InboundEventFeatureType = "p2p" | "groupchat" | "channel";

/**
 * A channel message received by the client.
 */
export interface ChannelMessageReceived {
    eventBody:   ChannelMessageReceivedEventBody;
    eventType:   ChannelMessageReceivedEventType;
    featureType: Type;
    [property: string]: unknown;
}

export interface ChannelMessageReceivedEventBody {
    /**
     * The channel id.
     */
    channelId:     string;
    dataComponent: DataComponent;
    /**
     * The message id.
     */
    messageId: string;
    /**
     * When the server received the message (Unix time, seconds).
     */
    receivedOn?: number;
    /**
     * The account that sent the message (for form submissions rely on the submitterId inside
     * the data component).
     */
    senderId: string;
    [property: string]: unknown;
}

export type ChannelMessageReceivedEventType = "MessageReceived";

export type Type = "channel";

/**
 * A groupchat message received by the client.
 */
export interface GroupChatMessageReceived {
    eventBody:   GroupChatMessageReceivedEventBody;
    eventType:   ChannelMessageReceivedEventType;
    featureType: GroupChatMessageReceivedFeatureType;
    [property: string]: unknown;
}

export interface GroupChatMessageReceivedEventBody {
    dataComponent: DataComponent;
    /**
     * The group chat (conversation) id.
     */
    groupChatId: string;
    /**
     * The message id.
     */
    messageId: string;
    /**
     * When the server received the message (Unix time, seconds).
     */
    receivedOn?: number;
    /**
     * The account that sent the message (for form submissions rely on the submitterId inside
     * the data component).
     */
    senderId: string;
    [property: string]: unknown;
}

export type GroupChatMessageReceivedFeatureType = "groupchat";

/**
 * A p2p message received by the client.
 */
export interface P2PMessageReceived {
    eventBody:   P2PMessageReceivedEventBody;
    eventType:   ChannelMessageReceivedEventType;
    featureType: P2PMessageReceivedFeatureType;
    [property: string]: unknown;
}

export interface P2PMessageReceivedEventBody {
    dataComponent: DataComponent;
    /**
     * The message id.
     */
    messageId: string;
    /**
     * When the server received the message (Unix time, seconds).
     */
    receivedOn?: number;
    /**
     * The account that sent the message (for form submissions rely on the submitterId inside
     * the data component).
     */
    senderId: string;
    [property: string]: unknown;
}

export type P2PMessageReceivedFeatureType = "p2p";

/**
 * The answer to a WebSocket request. `eventBody` is the usual response envelope. DECISION:
 * the docs event omits `statusCode` (present in the REST envelope), so it is optional here;
 * `error` and `data` may be null.
 */
export interface ResponseEvent {
    eventBody: ResponseEventEventBody;
    eventType: ResponseEventEventType;
    /**
     * The requestId of the original request.
     */
    requestId: string;
    [property: string]: unknown;
}

export interface ResponseEventEventBody {
    /**
     * The operation result, as in the REST response data.
     */
    data?: unknown;
    /**
     * Error message, or null.
     */
    error?: null | string;
    /**
     * null when the status is 200, else the status.
     */
    statusCode?: number | null;
    /**
     * Whether the request succeeded.
     */
    success: boolean;
    [property: string]: unknown;
}

export type ResponseEventEventType = "Response";

/**
 * A calendar event with title, description, dates and location. title, start and end are
 * documented as required. Unknown properties are allowed (additionalProperties is not
 * restricted): the platform echoes server-side fields (e.g. bucket viewCount, ownerId,
 * role) inside components, and the docs describe fields without a full specification (e.g.
 * appointment timezone). Known properties are fully typed.
 */
export interface AppointmentDataComponent {
    /**
     * Whether the appointment covers the whole day, ignoring the times of start and end.
     */
    allDay?: boolean;
    /**
     * Discriminator.
     */
    dataComponentType: AppointmentDataComponentDataComponentType;
    /**
     * Optional description of the event.
     */
    description?: string;
    /**
     * Epoch datetime when the appointment ends (required). Semantic rule: end is not before
     * start.
     */
    end: number;
    /**
     * Optional place to attend the appointment; latitude and longitude are mandatory inside it.
     */
    location?: Coordinates;
    /**
     * Epoch datetime when the appointment starts (required).
     */
    start: number;
    /**
     * The docs list a "timezone" parameter but its description is cut off ("timezone is a
     * parameter to"). DECISION: optional string (e.g. an IANA zone name); not validated further.
     */
    timezone?: string;
    /**
     * Main title of the appointment (required).
     */
    title: string;
    [property: string]: unknown;
}

export type AppointmentDataComponentDataComponentType = "appointment";

/**
 * Optional place to attend the appointment; latitude and longitude are mandatory inside
 * it.
 *
 * A latitude/longitude pair; both are mandatory ("It includes mandatory latitude and
 * longitude float variables").
 */
export interface Coordinates {
    latitude:  number;
    longitude: number;
    [property: string]: unknown;
}

/**
 * A message referencing an existing channel. Unknown properties are allowed
 * (additionalProperties is not restricted): the platform echoes server-side fields (e.g.
 * bucket viewCount, ownerId, role) inside components, and the docs describe fields without
 * a full specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface ChannelDataComponent {
    /**
     * The referenced channel id. DECISION: non-empty when present.
     */
    channelId?: string;
    /**
     * Discriminator.
     */
    dataComponentType: Type;
    [property: string]: unknown;
}

/**
 * References one or more account ids to be added as contacts. Unknown properties are
 * allowed (additionalProperties is not restricted): the platform echoes server-side fields
 * (e.g. bucket viewCount, ownerId, role) inside components, and the docs describe fields
 * without a full specification (e.g. appointment timezone). Known properties are fully
 * typed.
 */
export interface ContactDataComponent {
    /**
     * Account ids. When present, at least one id ("one or more account Ids").
     */
    contactIds?: [string, ...string[]];
    /**
     * Discriminator.
     */
    dataComponentType: ContactDataComponentDataComponentType;
    [property: string]: unknown;
}

export type ContactDataComponentDataComponentType = "contact";

/**
 * A file object containing one or more files to open or download. Unknown properties are
 * allowed (additionalProperties is not restricted): the platform echoes server-side fields
 * (e.g. bucket viewCount, ownerId, role) inside components, and the docs describe fields
 * without a full specification (e.g. appointment timezone). Known properties are fully
 * typed.
 */
export interface FileDataComponent {
    /**
     * Discriminator.
     */
    dataComponentType: FileDataComponentDataComponentType;
    /**
     * File ids (from the file upload endpoint). When present, at least one id ("one or more
     * files").
     */
    fileIds?: [string, ...string[]];
    [property: string]: unknown;
}

export type FileDataComponentDataComponentType = "file";

/**
 * A form message: an arbitrary structure of form components. No field besides the
 * discriminator is documented as required. Unknown properties are allowed
 * (additionalProperties is not restricted): the platform echoes server-side fields (e.g.
 * bucket viewCount, ownerId, role) inside components, and the docs describe fields without
 * a full specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface FormDataComponent {
    /**
     * Alignment of all child form components.
     */
    align?: Align;
    /**
     * Protects in-app submission by PIN code or biometrics, as set in the messenger app.
     */
    authorizeSubmit?: boolean;
    /**
     * Discriminator.
     */
    dataComponentType: FormDataComponentDataComponentType;
    /**
     * The form components. Semantic rule: refNames are unique within the form (submissions are
     * matched by refName).
     */
    formComponents?: FormComponent[];
    /**
     * Suppresses in-app submission messages sent to the receiver; the API still receives the
     * submission.
     */
    hideSubmissionMsg?: boolean;
    /**
     * Recipient of the submitted responses.
     */
    receiver?: Receiver;
    /**
     * Friendly name of the form, used to filter form submissions.
     */
    refName?: string;
    /**
     * The form keeps the last submitted values, for use cases where many users operate the same
     * form.
     */
    retainStatus?: boolean;
    /**
     * Shows a Submit button; otherwise the form is submitted each time the user fills in or
     * changes a component.
     */
    submitEnabled?: boolean;
    /**
     * Text of the Submit button.
     */
    submitText?: string;
    [property: string]: unknown;
}

/**
 * Alignment of all child form components.
 */
export type Align = "left" | "center" | "right";

export type FormDataComponentDataComponentType = "form";

/**
 * Any of the 21 semilimes form components, discriminated by formComponentType. Each
 * component is defined at $defs/<formComponentType>. Rules JSON Schema cannot express are
 * listed in x-semantic annotations and checked by schemas/semantic/index.ts.
 */
export interface FormComponent {
    /**
     * Discriminator: selects the component schema in $defs.
     */
    formComponentType: FormComponentFormComponentType;
    [property: string]: unknown;
}

/**
 * Discriminator: selects the component schema in $defs.
 */
export type FormComponentFormComponentType = "label" | "textbox" | "gauge" | "buttonlist" | "singlechoice" | "multichoice" | "switch" | "slider" | "datepicker" | "timepicker" | "locationpicker" | "photopicker" | "filepicker" | "contactpicker" | "colorpicker" | "bucketpicker" | "eventpicker" | "hiddenvalue" | "callbutton" | "qrcodescanner" | "nfcreader";

/**
 * Recipient of the submitted responses.
 *
 * The recipient entity that receives form submissions: a contact (account id), a group chat
 * or a channel.
 */
export interface Receiver {
    /**
     * Kind of the receiver.
     */
    featureType: ReceiverFeatureType;
    /**
     * Account id, group chat id or channel id, according to featureType.
     */
    id: string;
    [property: string]: unknown;
}

/**
 * Kind of the receiver.
 */
export type ReceiverFeatureType = "contact" | "groupchat" | "channel";

/**
 * A submission of a previously received form: the same form components, each with its value
 * property populated. DECISION: no field besides the discriminator is required in the
 * schema (replyTo and submitterId are set by the platform). Semantic rules: refNames
 * unique; every input component carries a value; a component with requiredSelection true
 * has a non-empty value. Unknown properties are allowed (additionalProperties is not
 * restricted): the platform echoes server-side fields (e.g. bucket viewCount, ownerId,
 * role) inside components, and the docs describe fields without a full specification (e.g.
 * appointment timezone). Known properties are fully typed.
 */
export interface FormsubmissionDataComponent {
    /**
     * Discriminator.
     */
    dataComponentType: FormsubmissionDataComponentDataComponentType;
    /**
     * The submitted form components, with value populated.
     */
    formComponents?: FormComponent[];
    replyTo?:        ReplyTo;
    /**
     * Id of the user who submitted the form. Rely on this, not on the outer message senderId,
     * to identify the submitter.
     */
    submitterId?: string;
    [property: string]: unknown;
}

export type FormsubmissionDataComponentDataComponentType = "formsubmission";

/**
 * Identifies the original form message and the reference name of the form.
 */
export interface ReplyTo {
    /**
     * Id of the original form message.
     */
    messageId?: string;
    /**
     * The refName of the original form.
     */
    refName?: string;
    [property: string]: unknown;
}

/**
 * A gauge showing numerical data with configurable ranges and colours. No field other than
 * the discriminator is documented as required. Unknown properties are allowed
 * (additionalProperties is not restricted): the platform echoes server-side fields (e.g.
 * bucket viewCount, ownerId, role) inside components, and the docs describe fields without
 * a full specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface GaugeDataComponent {
    /**
     * Discriminator.
     */
    dataComponentType: ComponentType;
    /**
     * Angular space the gauge uses. Allowed values: 30-360. DECISION: an integer number of
     * degrees.
     */
    degrees?: number;
    /**
     * Free text showing the actual value, value + unit, or custom text. Only shown when pointer
     * is "none".
     */
    displayValue?: string;
    /**
     * Size of the displayValue text near the gauge. Allowed values: 8-48. DECISION: an integer.
     */
    fontSize?: number;
    pointer?:  GaugePointer;
    /**
     * RGB colour of the pointer, if set.
     */
    pointerColor?: string;
    /**
     * Deprecated alias of progressBar (the name used in the docs prose). Writers must emit
     * progressBar.
     */
    progress?: GaugeProgressBar;
    /**
     * Progress bar style. DECISION: the docs example and the paired progressBarColor use
     * "progressBar"; the prose calls it "progress". "progressBar" is the canonical name;
     * "progress" is accepted as a deprecated alias with the same values.
     */
    progressBar?: GaugeProgressBar;
    /**
     * RGB colour of the progress bar, if set. DECISION: the docs describe "pointerColor" twice;
     * the second description ("defines the RGB color of the progress bar") belongs to
     * progressBarColor, the field the example uses.
     */
    progressBarColor?: string;
    /**
     * The graphical segments composing the gauge. Semantic rules (not expressible in JSON
     * Schema): segments are listed in ascending order, do not overlap (each from = previous to
     * + 1, inclusive integer ranges as in the docs example), and together cover exactly 0-100.
     */
    segments?: GaugeSegment[];
    /**
     * Separation distance between segments. Allowed values: 0-20. DECISION: an integer.
     */
    spacing?: number;
    /**
     * Thickness of the gauge segments. Allowed values: 10-100. DECISION: an integer (a size;
     * the docs give only the range).
     */
    thickness?: number;
    /**
     * The title shown on top of the gauge.
     */
    title?: string;
    /**
     * The normalized value controlling the gauge. Allowed values: 0-100 (fractions allowed).
     */
    value?: number;
    [property: string]: unknown;
}

export type ComponentType = "gauge";

/**
 * A moving indicator on the gauge. Note: displayValue is NOT shown if pointer is anything
 * other than "none".
 */
export type GaugePointer = "none" | "triangle" | "circle" | "needle";

/**
 * Deprecated alias of progressBar (the name used in the docs prose). Writers must emit
 * progressBar.
 *
 * A progress bar moving on the arch of the gauge, depending on the value.
 *
 * Progress bar style. DECISION: the docs example and the paired progressBarColor use
 * "progressBar"; the prose calls it "progress". "progressBar" is the canonical name;
 * "progress" is accepted as a deprecated alias with the same values.
 */
export type GaugeProgressBar = "none" | "basic" | "rounded";

/**
 * One coloured arc of a gauge. Docs: "A valid segment has: to > from, from between the 0-99
 * range, to between the 1-100 range". DECISION: from/to are integers (inclusive ranges; the
 * docs example 0-20, 21-40, 41-100 only covers 0-100 with integer steps). to > from is
 * checked by the semantic validator (rule gauge-segment-to-after-from). Required: from, to
 * (a segment without them is meaningless); color optional.
 */
export interface GaugeSegment {
    /**
     * Segment colour "#RRGGBB".
     */
    color?: string;
    /**
     * Start of the segment on the 0-100 gauge scale.
     */
    from: number;
    /**
     * End of the segment (inclusive), must be greater than from.
     */
    to: number;
    [property: string]: unknown;
}

/**
 * An HTML message. Unknown properties are allowed (additionalProperties is not restricted):
 * the platform echoes server-side fields (e.g. bucket viewCount, ownerId, role) inside
 * components, and the docs describe fields without a full specification (e.g. appointment
 * timezone). Known properties are fully typed.
 */
export interface HTMLDataComponent {
    /**
     * Discriminator.
     */
    dataComponentType: HTMLDataComponentDataComponentType;
    /**
     * The HTML markup. Not documented as required, so optional in the schema.
     */
    html?: string;
    [property: string]: unknown;
}

export type HTMLDataComponentDataComponentType = "html";

/**
 * A location message containing coordinates. No field is documented as required (only the
 * appointment location calls latitude/longitude mandatory). Unknown properties are allowed
 * (additionalProperties is not restricted): the platform echoes server-side fields (e.g.
 * bucket viewCount, ownerId, role) inside components, and the docs describe fields without
 * a full specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface LocationDataComponent {
    /**
     * Discriminator.
     */
    dataComponentType: LocationDataComponentDataComponentType;
    latitude?:         number;
    /**
     * A display name for the location.
     */
    locationName?: string;
    longitude?:    number;
    [property: string]: unknown;
}

export type LocationDataComponentDataComponentType = "location";

/**
 * A simple text message. Unknown properties are allowed (additionalProperties is not
 * restricted): the platform echoes server-side fields (e.g. bucket viewCount, ownerId,
 * role) inside components, and the docs describe fields without a full specification (e.g.
 * appointment timezone). Known properties are fully typed.
 */
export interface TextDataComponent {
    /**
     * Discriminator.
     */
    dataComponentType: ReplyTextDataComponentType;
    /**
     * The message text. Not documented as required, so optional in the schema (a sender should
     * set it).
     */
    text?: string;
    [property: string]: unknown;
}

/**
 * A message referencing an existing tunnel. Unknown properties are allowed
 * (additionalProperties is not restricted): the platform echoes server-side fields (e.g.
 * bucket viewCount, ownerId, role) inside components, and the docs describe fields without
 * a full specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface TunnelDataComponent {
    /**
     * Discriminator.
     */
    dataComponentType: TunnelDataComponentDataComponentType;
    /**
     * The referenced tunnel id. DECISION: non-empty when present.
     */
    tunnelId?: string;
    [property: string]: unknown;
}

export type TunnelDataComponentDataComponentType = "tunnel";

/**
 * A message referencing a web page, viewed as a web frame. The url is not format-checked:
 * the docs example uses "my-url". Unknown properties are allowed (additionalProperties is
 * not restricted): the platform echoes server-side fields (e.g. bucket viewCount, ownerId,
 * role) inside components, and the docs describe fields without a full specification (e.g.
 * appointment timezone). Known properties are fully typed.
 */
export interface WebviewDataComponent {
    /**
     * Discriminator.
     */
    dataComponentType: WebviewDataComponentDataComponentType;
    /**
     * How the url is displayed: link (default), thumbnail (static preview), liveweb (embedded
     * browser).
     */
    displayMode?: DisplayMode;
    /**
     * Used when displayMode is "liveweb": the user may open the view full screen. Ignored in
     * other modes (the docs example sets it with displayMode "link").
     */
    enableFullScreenView?: boolean;
    /**
     * Used when displayMode is "link": a custom name replacing the full URL. An empty string
     * means "show the URL".
     */
    linkDisplayName?: string;
    /**
     * The address to render in the webview.
     */
    url?: string;
    /**
     * Used when displayMode is "liveweb": the view proportions. Ignored in other modes.
     */
    viewSize?: ViewSize;
    [property: string]: unknown;
}

export type WebviewDataComponentDataComponentType = "webview";

/**
 * How the url is displayed: link (default), thumbnail (static preview), liveweb (embedded
 * browser).
 */
export type DisplayMode = "link" | "thumbnail" | "liveweb";

/**
 * Used when displayMode is "liveweb": the view proportions. Ignored in other modes.
 */
export type ViewSize = "1:1" | "1:2" | "3:2" | "2:1";

/**
 * A picker selecting and referencing buckets. Semantic rule: picked buckets are of a type
 * allowed by filter/types. Unknown properties are allowed (additionalProperties is not
 * restricted): the platform echoes server-side fields (e.g. bucket viewCount, ownerId,
 * role) inside components, and the docs describe fields without a full specification (e.g.
 * appointment timezone). Known properties are fully typed.
 */
export interface BucketpickerFormComponent {
    /**
     * Label of the pick/action button.
     */
    actionButtonTitle?: string;
    /**
     * Restricts what the user can pick.
     */
    filter?: Filter;
    /**
     * Discriminator.
     */
    formComponentType: BucketpickerFormComponentFormComponentType;
    /**
     * Allows the user to select multiple objects in the UI. Semantic rule: when false, a
     * submitted value holds at most one item.
     */
    multiSelection?: boolean;
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * The user must interact with this component before the parent form can be submitted.
     */
    requiredSelection?: boolean;
    /**
     * Text displayed next to the picker.
     */
    title?: string;
    /**
     * The selected buckets at submission.
     */
    value?: BucketRef[];
    [property: string]: unknown;
}

/**
 * Restricts what the user can pick.
 */
export interface Filter {
    /**
     * Allowed bucket types (multiple values allowed). DECISION: each type at most once.
     */
    types?: BucketType[];
    [property: string]: unknown;
}

/**
 * A bucket type a bucket picker can offer.
 */
export type BucketType = "post" | "profile" | "groupchat" | "channel";

export type BucketpickerFormComponentFormComponentType = "bucketpicker";

/**
 * A picked bucket. The docs show groupchat and channel values; decision: featureType
 * accepts every bucket type the picker filter allows (post, profile, groupchat, channel).
 */
export interface BucketRef {
    featureType: BucketType;
    /**
     * Bucket id.
     */
    id: string;
    [property: string]: unknown;
}

/**
 * A group of user-clickable buttons with a label. Semantic rules: option names unique; a
 * non-empty value is one of the option names. Unknown properties are allowed
 * (additionalProperties is not restricted): the platform echoes server-side fields (e.g.
 * bucket viewCount, ownerId, role) inside components, and the docs describe fields without
 * a full specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface ButtonlistFormComponent {
    /**
     * Discriminator.
     */
    formComponentType: ButtonlistFormComponentFormComponentType;
    /**
     * How the buttons spread over lines (rows/columns). DECISION: string values as in the docs
     * ("flexible", "1" to "6"); JSON numbers are rejected.
     */
    lineSize?: LineSize;
    /**
     * The buttons.
     */
    options?: ButtonOption[];
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * The user must interact with this component before the parent form can be submitted.
     */
    requiredSelection?: boolean;
    /**
     * The button list title.
     */
    title?: string;
    /**
     * Populated with the name of the clicked button when the form is submitted.
     */
    value?: null | string;
    /**
     * Display the buttons vertically.
     */
    verticalList?: boolean;
    [property: string]: unknown;
}

export type ButtonlistFormComponentFormComponentType = "buttonlist";

/**
 * How the buttons spread over lines (rows/columns). DECISION: string values as in the docs
 * ("flexible", "1" to "6"); JSON numbers are rejected.
 */
export type LineSize = "flexible" | "1" | "2" | "3" | "4" | "5" | "6";

/**
 * One button of a button list: name is the button reference, value the display text
 * (ignored if an icon is given).
 */
export interface ButtonOption {
    icon?: Icon;
    /**
     * Button reference; a submission value holds this name.
     */
    name?: string;
    /**
     * Whether the button shows text or an icon (documented in prose only, absent from the
     * example).
     */
    type?: TypeEnum;
    /**
     * Base display text; ignored if icon is specified.
     */
    value?: string;
    [property: string]: unknown;
}

/**
 * An icon by Google Fonts material icon name. An empty object means no icon.
 */
export interface Icon {
    /**
     * Material icon name, e.g. "emoji_emotions".
     */
    name?: string;
    [property: string]: unknown;
}

/**
 * Whether the button shows text or an icon (documented in prose only, absent from the
 * example).
 */
export type TypeEnum = "text" | "icon";

/**
 * A special button to initiate a call to another user or group chat. Unknown properties are
 * allowed (additionalProperties is not restricted): the platform echoes server-side fields
 * (e.g. bucket viewCount, ownerId, role) inside components, and the docs describe fields
 * without a full specification (e.g. appointment timezone). Known properties are fully
 * typed.
 */
export interface CallbuttonFormComponent {
    /**
     * Label of the call button.
     */
    actionButtonTitle?: string;
    /**
     * Discriminator.
     */
    formComponentType: CallbuttonFormComponentFormComponentType;
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * Text displayed next to the button.
     */
    title?: string;
    [property: string]: unknown;
}

export type CallbuttonFormComponentFormComponentType = "callbutton";

/**
 * A colour picker returning an RGB value. Unknown properties are allowed
 * (additionalProperties is not restricted): the platform echoes server-side fields (e.g.
 * bucket viewCount, ownerId, role) inside components, and the docs describe fields without
 * a full specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface ColorpickerFormComponent {
    /**
     * Label of the pick/action button.
     */
    actionButtonTitle?: string;
    /**
     * Discriminator.
     */
    formComponentType: ColorpickerFormComponentFormComponentType;
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * The user must interact with this component before the parent form can be submitted.
     */
    requiredSelection?: boolean;
    /**
     * Text displayed next to the picker.
     */
    title?: string;
    /**
     * The chosen colour "#RRGGBB" at submission; "" or null when nothing chosen (the docs
     * example uses "").
     */
    value?: null | string;
    [property: string]: unknown;
}

export type ColorpickerFormComponentFormComponentType = "colorpicker";

/**
 * A picker selecting and referencing contacts. Unknown properties are allowed
 * (additionalProperties is not restricted): the platform echoes server-side fields (e.g.
 * bucket viewCount, ownerId, role) inside components, and the docs describe fields without
 * a full specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface ContactpickerFormComponent {
    /**
     * Label of the pick/action button.
     */
    actionButtonTitle?: string;
    /**
     * Discriminator.
     */
    formComponentType: ContactpickerFormComponentFormComponentType;
    /**
     * Allows the user to select multiple objects in the UI. Semantic rule: when false, a
     * submitted value holds at most one item.
     */
    multiSelection?: boolean;
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * The user must interact with this component before the parent form can be submitted.
     */
    requiredSelection?: boolean;
    /**
     * Text displayed next to the picker.
     */
    title?: string;
    /**
     * The chosen contact (account) ids at submission.
     */
    value?: string[];
    [property: string]: unknown;
}

export type ContactpickerFormComponentFormComponentType = "contactpicker";

/**
 * A graphical date picker (calendar). Unknown properties are allowed (additionalProperties
 * is not restricted): the platform echoes server-side fields (e.g. bucket viewCount,
 * ownerId, role) inside components, and the docs describe fields without a full
 * specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface DatepickerFormComponent {
    /**
     * Label of the pick/action button.
     */
    actionButtonTitle?: string;
    /**
     * Discriminator.
     */
    formComponentType: DatepickerFormComponentFormComponentType;
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * The user must interact with this component before the parent form can be submitted.
     */
    requiredSelection?: boolean;
    /**
     * Text displayed next to the picker.
     */
    title?: string;
    /**
     * The chosen date at submission. The docs give no date format; "" or null means nothing
     * chosen.
     */
    value?: null | string;
    [property: string]: unknown;
}

export type DatepickerFormComponentFormComponentType = "datepicker";

/**
 * A calendar to navigate events and pick one or more. DECISION: the prose spells the flag
 * "multiselection" but the example and every other picker use "multiSelection";
 * multiSelection is canonical. Semantic rules: event ids unique; picked events are among
 * events; at most one when multiSelection is false. Unknown properties are allowed
 * (additionalProperties is not restricted): the platform echoes server-side fields (e.g.
 * bucket viewCount, ownerId, role) inside components, and the docs describe fields without
 * a full specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface EventpickerFormComponent {
    /**
     * Predetermined events populating the calendar.
     */
    events?: Event[];
    /**
     * How events are displayed upon a date selection.
     */
    eventsDisplayMode?: EventsDisplayMode;
    /**
     * Discriminator.
     */
    formComponentType: EventpickerFormComponentFormComponentType;
    /**
     * Allows the user to select multiple objects in the UI. Semantic rule: when false, a
     * submitted value holds at most one item.
     */
    multiSelection?: boolean;
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * The user must interact with this component before the parent form can be submitted.
     */
    requiredSelection?: boolean;
    /**
     * Text displayed next to the picker.
     */
    title?: string;
    /**
     * The selected events at submission.
     */
    value?: Event[];
    [property: string]: unknown;
}

/**
 * A predetermined calendar event. No field is documented as required; id (unique,
 * client-assigned) and start (the only time reference) should be set.
 */
export interface Event {
    /**
     * Arbitrary object of hidden properties, returned upon submission.
     */
    additionalInfo?: { [key: string]: unknown };
    /**
     * Event description.
     */
    description?: string;
    /**
     * Arbitrary unique id assigned by the client.
     */
    id?: string;
    /**
     * Any bucket GUID; the event shows a details button opening that bucket.
     */
    referenceBucketId?: string;
    /**
     * Event start in epoch milliseconds.
     */
    start?: number;
    /**
     * Event title (may carry end time/duration for the user).
     */
    title?: string;
    [property: string]: unknown;
}

/**
 * How events are displayed upon a date selection.
 */
export type EventsDisplayMode = "list" | "buttons";

export type EventpickerFormComponentFormComponentType = "eventpicker";

/**
 * A picker selecting and referencing files. Unknown properties are allowed
 * (additionalProperties is not restricted): the platform echoes server-side fields (e.g.
 * bucket viewCount, ownerId, role) inside components, and the docs describe fields without
 * a full specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface FilepickerFormComponent {
    /**
     * Label of the pick/action button.
     */
    actionButtonTitle?: string;
    /**
     * Discriminator.
     */
    formComponentType: FilepickerFormComponentFormComponentType;
    /**
     * Allows the user to select multiple objects in the UI. Semantic rule: when false, a
     * submitted value holds at most one item.
     */
    multiSelection?: boolean;
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * The user must interact with this component before the parent form can be submitted.
     */
    requiredSelection?: boolean;
    /**
     * Text displayed next to the picker.
     */
    title?: string;
    /**
     * The files picked at submission.
     */
    value?: FileRef[];
    [property: string]: unknown;
}

export type FilepickerFormComponentFormComponentType = "filepicker";

/**
 * A picked photo or file. DECISION: the docs spell the id "fileID" (capital D) here, unlike
 * "fileIds" in the file data component; the schema follows the docs.
 */
export interface FileRef {
    /**
     * File id.
     */
    fileID?: string;
    /**
     * File name.
     */
    fileName?: string;
    /**
     * File size in bytes.
     */
    fileSize?: number;
    /**
     * File type (e.g. MIME type).
     */
    fileType?: string;
    [property: string]: unknown;
}

/**
 * A gauge showing numerical data with configurable ranges and colours. Same properties as
 * the gauge data component, plus refName. Unknown properties are allowed
 * (additionalProperties is not restricted): the platform echoes server-side fields (e.g.
 * bucket viewCount, ownerId, role) inside components, and the docs describe fields without
 * a full specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface GaugeFormComponent {
    /**
     * Angular space the gauge uses. Allowed values: 30-360. DECISION: an integer number of
     * degrees.
     */
    degrees?: number;
    /**
     * Free text showing the actual value, value + unit, or custom text. Only shown when pointer
     * is "none".
     */
    displayValue?: string;
    /**
     * Size of the displayValue text near the gauge. Allowed values: 8-48. DECISION: an integer.
     */
    fontSize?: number;
    /**
     * Discriminator.
     */
    formComponentType: ComponentType;
    pointer?:          GaugePointer;
    /**
     * RGB colour of the pointer, if set.
     */
    pointerColor?: string;
    /**
     * Deprecated alias of progressBar (the name used in the docs prose). Writers must emit
     * progressBar.
     */
    progress?: GaugeProgressBar;
    /**
     * Progress bar style. DECISION: the docs example and the paired progressBarColor use
     * "progressBar"; the prose calls it "progress". "progressBar" is the canonical name;
     * "progress" is accepted as a deprecated alias with the same values.
     */
    progressBar?: GaugeProgressBar;
    /**
     * RGB colour of the progress bar, if set. DECISION: the docs describe "pointerColor" twice;
     * the second description ("defines the RGB color of the progress bar") belongs to
     * progressBarColor, the field the example uses.
     */
    progressBarColor?: string;
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * The graphical segments composing the gauge. Semantic rules (not expressible in JSON
     * Schema): segments are listed in ascending order, do not overlap (each from = previous to
     * + 1, inclusive integer ranges as in the docs example), and together cover exactly 0-100.
     */
    segments?: GaugeSegment[];
    /**
     * Separation distance between segments. Allowed values: 0-20. DECISION: an integer.
     */
    spacing?: number;
    /**
     * Thickness of the gauge segments. Allowed values: 10-100. DECISION: an integer (a size;
     * the docs give only the range).
     */
    thickness?: number;
    /**
     * The title shown on top of the gauge.
     */
    title?: string;
    /**
     * The normalized value controlling the gauge. Allowed values: 0-100 (fractions allowed).
     */
    value?: number;
    [property: string]: unknown;
}

/**
 * A value in the form that is not visible to the user. Unknown properties are allowed
 * (additionalProperties is not restricted): the platform echoes server-side fields (e.g.
 * bucket viewCount, ownerId, role) inside components, and the docs describe fields without
 * a full specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface HiddenvalueFormComponent {
    /**
     * Discriminator.
     */
    formComponentType: HiddenvalueFormComponentFormComponentType;
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * The hidden value, returned at submission.
     */
    value?: string;
    [property: string]: unknown;
}

export type HiddenvalueFormComponentFormComponentType = "hiddenvalue";

/**
 * A simple read-only label. DECISION: the docs example sets "title" while the prose says
 * "value is a text member containing the label text"; both are accepted as optional strings
 * (title is the heading, value the label text). Unknown properties are allowed
 * (additionalProperties is not restricted): the platform echoes server-side fields (e.g.
 * bucket viewCount, ownerId, role) inside components, and the docs describe fields without
 * a full specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface LabelFormComponent {
    /**
     * Discriminator.
     */
    formComponentType: LabelFormComponentFormComponentType;
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * The label title.
     */
    title?: string;
    /**
     * The label text.
     */
    value?: string;
    [property: string]: unknown;
}

export type LabelFormComponentFormComponentType = "label";

/**
 * A map picker for a location or address. Unknown properties are allowed
 * (additionalProperties is not restricted): the platform echoes server-side fields (e.g.
 * bucket viewCount, ownerId, role) inside components, and the docs describe fields without
 * a full specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface LocationpickerFormComponent {
    /**
     * Label of the pick/action button.
     */
    actionButtonTitle?: string;
    /**
     * Restricts the choice to the current location (the docs description is elided; decision:
     * boolean as in the example).
     */
    currentLocationOnly?: boolean;
    /**
     * Discriminator.
     */
    formComponentType: LocationpickerFormComponentFormComponentType;
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * The user must interact with this component before the parent form can be submitted.
     */
    requiredSelection?: boolean;
    /**
     * Text displayed next to the picker.
     */
    title?: string;
    /**
     * The chosen location at submission ("" or null when nothing chosen). The docs show only a
     * string.
     */
    value?: null | string;
    [property: string]: unknown;
}

export type LocationpickerFormComponentFormComponentType = "locationpicker";

/**
 * A list of options allowing multiple choices. Semantic rules: option names unique; every
 * value entry is an option name, listed once. Unknown properties are allowed
 * (additionalProperties is not restricted): the platform echoes server-side fields (e.g.
 * bucket viewCount, ownerId, role) inside components, and the docs describe fields without
 * a full specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface MultichoiceFormComponent {
    /**
     * Discriminator.
     */
    formComponentType: MultichoiceFormComponentFormComponentType;
    /**
     * The options.
     */
    options?: Option[];
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * The user must interact with this component before the parent form can be submitted.
     */
    requiredSelection?: boolean;
    /**
     * Global label displayed at the beginning of the component.
     */
    title?: string;
    /**
     * Names of the selected options. DECISION: each name at most once (a choice is selected or
     * not).
     */
    value?: string[];
    [property: string]: unknown;
}

export type MultichoiceFormComponentFormComponentType = "multichoice";

/**
 * One choice: name is the identifier (what value refers to), value is the text shown to the
 * user.
 */
export interface Option {
    /**
     * Option identifier.
     */
    name?: string;
    /**
     * Text displayed to the user.
     */
    value?: string;
    [property: string]: unknown;
}

/**
 * A scanner button reading NFC tags. Unknown properties are allowed (additionalProperties
 * is not restricted): the platform echoes server-side fields (e.g. bucket viewCount,
 * ownerId, role) inside components, and the docs describe fields without a full
 * specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface NfcreaderFormComponent {
    /**
     * Label of the pick/action button.
     */
    actionButtonTitle?: string;
    /**
     * Discriminator.
     */
    formComponentType: NfcreaderFormComponentFormComponentType;
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * The user must interact with this component before the parent form can be submitted.
     */
    requiredSelection?: boolean;
    /**
     * Text displayed next to the picker.
     */
    title?: string;
    /**
     * The decoded NFC content at submission; null before.
     */
    value?: null | string;
    [property: string]: unknown;
}

export type NfcreaderFormComponentFormComponentType = "nfcreader";

/**
 * A picker selecting and referencing photos. Unknown properties are allowed
 * (additionalProperties is not restricted): the platform echoes server-side fields (e.g.
 * bucket viewCount, ownerId, role) inside components, and the docs describe fields without
 * a full specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface PhotopickerFormComponent {
    /**
     * Label of the pick/action button.
     */
    actionButtonTitle?: string;
    /**
     * Discriminator.
     */
    formComponentType: PhotopickerFormComponentFormComponentType;
    /**
     * Allows the user to select multiple objects in the UI. Semantic rule: when false, a
     * submitted value holds at most one item.
     */
    multiSelection?: boolean;
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * The user must interact with this component before the parent form can be submitted.
     */
    requiredSelection?: boolean;
    /**
     * Text displayed next to the picker.
     */
    title?: string;
    /**
     * The photos picked at submission.
     */
    value?: FileRef[];
    [property: string]: unknown;
}

export type PhotopickerFormComponentFormComponentType = "photopicker";

/**
 * A scanner button reading QR codes or barcodes. Unknown properties are allowed
 * (additionalProperties is not restricted): the platform echoes server-side fields (e.g.
 * bucket viewCount, ownerId, role) inside components, and the docs describe fields without
 * a full specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface QrcodescannerFormComponent {
    /**
     * Label of the pick/action button.
     */
    actionButtonTitle?: string;
    /**
     * Discriminator.
     */
    formComponentType: QrcodescannerFormComponentFormComponentType;
    /**
     * The type of code to support.
     */
    mode?: QrcodescannerFormComponentMode;
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * The user must interact with this component before the parent form can be submitted.
     */
    requiredSelection?: boolean;
    /**
     * Text displayed next to the picker.
     */
    title?: string;
    /**
     * The decoded content at submission; null before.
     */
    value?: null | string;
    [property: string]: unknown;
}

export type QrcodescannerFormComponentFormComponentType = "qrcodescanner";

/**
 * The type of code to support.
 */
export type QrcodescannerFormComponentMode = "auto" | "qrcode" | "barcode";

/**
 * A list of options allowing one choice. Semantic rules: option names unique; a non-empty
 * value is one of the option names. Unknown properties are allowed (additionalProperties is
 * not restricted): the platform echoes server-side fields (e.g. bucket viewCount, ownerId,
 * role) inside components, and the docs describe fields without a full specification (e.g.
 * appointment timezone). Known properties are fully typed.
 */
export interface SinglechoiceFormComponent {
    /**
     * Discriminator.
     */
    formComponentType: SinglechoiceFormComponentFormComponentType;
    /**
     * Radio list or dropdown control.
     */
    mode?: SinglechoiceFormComponentMode;
    /**
     * The options.
     */
    options?: Option[];
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * The user must interact with this component before the parent form can be submitted.
     */
    requiredSelection?: boolean;
    /**
     * Global label displayed at the beginning of the component.
     */
    title?: string;
    /**
     * The name of the selected option.
     */
    value?: null | string;
    [property: string]: unknown;
}

export type SinglechoiceFormComponentFormComponentType = "singlechoice";

/**
 * Radio list or dropdown control.
 */
export type SinglechoiceFormComponentMode = "list" | "dropdown";

/**
 * A slider selecting a value by dragging its handle. Semantic rules: min < max, step <= max
 * - min, min <= value <= max. Unknown properties are allowed (additionalProperties is not
 * restricted): the platform echoes server-side fields (e.g. bucket viewCount, ownerId,
 * role) inside components, and the docs describe fields without a full specification (e.g.
 * appointment timezone). Known properties are fully typed.
 */
export interface SliderFormComponent {
    /**
     * Discriminator.
     */
    formComponentType: SliderFormComponentFormComponentType;
    /**
     * Value when the slider is at its maximum.
     */
    max?: number;
    /**
     * Value when the slider is at its minimum.
     */
    min?: number;
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * The user must interact with this component before the parent form can be submitted.
     */
    requiredSelection?: boolean;
    /**
     * Amount added to or subtracted from the value at each minimum drag; positive.
     */
    step?: number;
    /**
     * Text displayed next to the slider.
     */
    title?: string;
    /**
     * Selected value on initialisation (sending the form) or submission.
     */
    value?: number;
    [property: string]: unknown;
}

export type SliderFormComponentFormComponentType = "slider";

/**
 * An on/off switch. Unknown properties are allowed (additionalProperties is not
 * restricted): the platform echoes server-side fields (e.g. bucket viewCount, ownerId,
 * role) inside components, and the docs describe fields without a full specification (e.g.
 * appointment timezone). Known properties are fully typed.
 */
export interface SwitchFormComponent {
    /**
     * Discriminator.
     */
    formComponentType: SwitchFormComponentFormComponentType;
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * Text displayed next to the switch.
     */
    title?: string;
    /**
     * Default value when creating, selected value when submitting.
     */
    value?: boolean;
    [property: string]: unknown;
}

export type SwitchFormComponentFormComponentType = "switch";

/**
 * A titled, user-editable text field. Unknown properties are allowed (additionalProperties
 * is not restricted): the platform echoes server-side fields (e.g. bucket viewCount,
 * ownerId, role) inside components, and the docs describe fields without a full
 * specification (e.g. appointment timezone). Known properties are fully typed.
 */
export interface TextboxFormComponent {
    /**
     * Discriminator.
     */
    formComponentType: TextboxFormComponentFormComponentType;
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * The user must interact with this component before the parent form can be submitted.
     */
    requiredSelection?: boolean;
    /**
     * The textbox title.
     */
    title?: string;
    /**
     * Text pre-populated in the textbox, and the user input at submission. null = no input
     * (accepted for consistency with the scanners).
     */
    value?: null | string;
    [property: string]: unknown;
}

export type TextboxFormComponentFormComponentType = "textbox";

/**
 * A graphical time picker. Unknown properties are allowed (additionalProperties is not
 * restricted): the platform echoes server-side fields (e.g. bucket viewCount, ownerId,
 * role) inside components, and the docs describe fields without a full specification (e.g.
 * appointment timezone). Known properties are fully typed.
 */
export interface TimepickerFormComponent {
    /**
     * Label of the pick/action button.
     */
    actionButtonTitle?: string;
    /**
     * Discriminator.
     */
    formComponentType: TimepickerFormComponentFormComponentType;
    /**
     * Reference name identifying the component within its form and in submissions. DECISION:
     * non-empty when present (an empty name cannot be matched). Every docs example sets it, but
     * it is not documented as required, so it is optional in the schema; senders should always
     * set it.
     */
    refName?: string;
    /**
     * The user must interact with this component before the parent form can be submitted.
     */
    requiredSelection?: boolean;
    /**
     * Text displayed next to the picker.
     */
    title?: string;
    /**
     * The chosen time at submission. The docs give no time format; "" or null means nothing
     * chosen.
     */
    value?: null | string;
    [property: string]: unknown;
}

export type TimepickerFormComponentFormComponentType = "timepicker";

/**
 * Every data component, told apart by dataComponentType.
 */
export type AnyDataComponent =
    | TextDataComponent
    | HTMLDataComponent
    | GaugeDataComponent
    | FileDataComponent
    | ContactDataComponent
    | LocationDataComponent
    | AppointmentDataComponent
    | WebviewDataComponent
    | ChannelDataComponent
    | TunnelDataComponent
    | FormDataComponent
    | FormsubmissionDataComponent
    | BucketDataComponent;

/**
 * Every form component, told apart by formComponentType.
 */
export type AnyFormComponent =
    | LabelFormComponent
    | TextboxFormComponent
    | GaugeFormComponent
    | ButtonlistFormComponent
    | SinglechoiceFormComponent
    | MultichoiceFormComponent
    | SwitchFormComponent
    | SliderFormComponent
    | DatepickerFormComponent
    | TimepickerFormComponent
    | LocationpickerFormComponent
    | PhotopickerFormComponent
    | FilepickerFormComponent
    | ContactpickerFormComponent
    | ColorpickerFormComponent
    | BucketpickerFormComponent
    | EventpickerFormComponent
    | HiddenvalueFormComponent
    | CallbuttonFormComponent
    | QrcodescannerFormComponent
    | NfcreaderFormComponent;

/**
 * Every server-to-client WebSocket message, told apart by eventType and featureType.
 */
export type AnyInboundEvent =
    | ResponseEvent
    | P2PMessageReceived
    | GroupChatMessageReceived
    | ChannelMessageReceived;
