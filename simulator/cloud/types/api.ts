// GENERATED FILE, DO NOT EDIT. Regenerate with `npm run types`.
// Source: schemas/ (openapi.yaml, ws-request, inbound-event, data/form components); quicktype-core 26.0.0.
/* eslint-disable */
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
    dataComponents?: PinWallElement[];
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
    dataComponent?: SubBucketElement;
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
export interface SubBucketElement {
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
    dataComponentType: SubBucketDataComponentType;
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

export type SubBucketDataComponentType = "bucket";

/**
 * Any of the 13 semilimes data components, discriminated by dataComponentType. Each
 * component is defined at $defs/<dataComponentType>. Rules JSON Schema cannot express are
 * listed in x-semantic annotations and checked by schemas/semantic/index.ts.
 *
 * Any data component (see data-component.schema.json).
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

/**
 * Any data component (see data-component.schema.json).
 *
 * Any of the 13 semilimes data components, discriminated by dataComponentType. Each
 * component is defined at $defs/<dataComponentType>. Rules JSON Schema cannot express are
 * listed in x-semantic annotations and checked by schemas/semantic/index.ts.
 */
export interface PinWallElement {
    /**
     * Discriminator: selects the component schema in $defs.
     */
    dataComponentType: DataComponentDataComponentType;
    [property: string]: unknown;
}

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
    /**
     * Any data component (see data-component.schema.json).
     */
    dataComponent: PinWallElement;
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
    dataComponent: SubBucketElement;
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
    pinWall?: PinWallElement[];
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
    pinWall?: PinWallElement[];
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
    subBuckets?: SubBucketElement[];
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
    dataComponents?: PinWallElement[];
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
    channelId: string;
    /**
     * Any data component (see data-component.schema.json).
     */
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
    /**
     * Any data component (see data-component.schema.json).
     */
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
    /**
     * Any data component (see data-component.schema.json).
     */
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
    /**
     * Any data component (see data-component.schema.json).
     */
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
    /**
     * Any data component (see data-component.schema.json).
     */
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
    /**
     * Any data component (see data-component.schema.json).
     */
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
    featureType: ChannelMessageReceivedFeatureType;
    [property: string]: unknown;
}

export interface ChannelMessageReceivedEventBody {
    /**
     * The channel id.
     */
    channelId: string;
    /**
     * Any data component (see data-component.schema.json).
     */
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

export type ChannelMessageReceivedFeatureType = "channel";

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
    /**
     * Any data component (see data-component.schema.json).
     */
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
    /**
     * Any data component (see data-component.schema.json).
     */
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
 * Any of the 21 semilimes form components, discriminated by formComponentType. Each
 * component is defined at $defs/<formComponentType>. Rules JSON Schema cannot express are
 * listed in x-semantic annotations and checked by schemas/semantic/index.ts.
 */
export interface FormComponent {
    /**
     * Discriminator: selects the component schema in $defs.
     */
    formComponentType: FormComponentType;
    [property: string]: unknown;
}

/**
 * Discriminator: selects the component schema in $defs.
 */
export type FormComponentType = "label" | "textbox" | "gauge" | "buttonlist" | "singlechoice" | "multichoice" | "switch" | "slider" | "datepicker" | "timepicker" | "locationpicker" | "photopicker" | "filepicker" | "contactpicker" | "colorpicker" | "bucketpicker" | "eventpicker" | "hiddenvalue" | "callbutton" | "qrcodescanner" | "nfcreader";
