//! The names the component, the mock and the tests share.

/// How messages name the API.
pub const API_NAME: &str = "SparkBot API";
/// The node's type name.
pub const NODE_NAME: &str = "sparkBotWhatsApp";
/// The credential type's name.
pub const CREDENTIAL_NAME: &str = "sparkBotApi";
/// The credential field that holds the Base URL.
pub const BASE_URL_FIELD: &str = "baseUrl";
/// The credential field that holds the API key (secret: the host keeps it).
pub const API_KEY_FIELD: &str = "apiKey";
/// The header the host sends the API key in.
pub const TOKEN_HEADER: &str = "Token";
/// The Base URL used when the credential leaves it empty.
pub const DEFAULT_BASE_URL: &str = "https://api.wassenger.com/v1";
/// The WhatsApp session resource.
pub const RESOURCE_SESSION: &str = "whatsappSession";
/// Send messages.
pub const RESOURCE_SEND: &str = "sendMessages";
/// Outbound Messages.
pub const RESOURCE_OUTBOUND: &str = "outboundMessages";
/// WhatsApp Numbers.
pub const RESOURCE_NUMBERS: &str = "numbers";
/// Files (uploaded for outbound messages).
pub const RESOURCE_FILES: &str = "files";
/// Chat Files (media received or sent in chats).
pub const RESOURCE_CHAT_FILES: &str = "chatFiles";
/// Chats.
pub const RESOURCE_CHATS: &str = "chats";
/// Chat Messages.
pub const RESOURCE_CHAT_MESSAGES: &str = "chatMessages";
/// Chat Contacts.
pub const RESOURCE_CHAT_CONTACTS: &str = "chatContacts";
/// Webhooks.
pub const RESOURCE_WEBHOOKS: &str = "webhooks";
/// Other.
pub const RESOURCE_OTHER: &str = "other";
/// The load-options method that lists the account's WhatsApp numbers.
pub const GET_DEVICES: &str = "getDevices";
/// The name of the binary entry that holds the QR image.
pub const QR_BINARY_KEY: &str = "qr";
/// The custom shaping of Scan QR's answer.
pub const SHAPE_QR: &str = "qr";
/// The custom run of Scan QR and wait.
pub const RUN_SCAN_AND_WAIT: &str = "scanQrAndWait";
/// The custom run of an upload from binary data (Upload File, and Send
/// Media Message with a file of the input): multipart, then the rest.
pub const RUN_UPLOAD: &str = "upload";
/// The load-options method that lists the account's uploaded files.
pub const GET_FILES: &str = "getFiles";
/// The load-options method that lists the account's webhooks.
pub const GET_WEBHOOKS: &str = "getWebhooks";
/// The list-search method of a number's chats.
pub const SEARCH_CHATS: &str = "searchChats";
/// The list-search method of a number's groups.
pub const SEARCH_GROUPS: &str = "searchGroups";
/// The list-search method of a number's contacts.
pub const SEARCH_CONTACTS: &str = "searchContacts";
/// The custom run of Send API Request (any method and path).
pub const RUN_RAW: &str = "apiRequest";
