//! Send Messages: every kind of outbound message, all on `POST /messages`.
//! Each send names the WhatsApp number (`device`), exactly one recipient
//! (`phone`, `group` or `channel`) and its content; the delivery options
//! (priority, queueing, typing, quoting, …) are the same for every send.

use workflow_node_sdk::catalog::{Choice, Kind, Operation, Param, Rule, Run, Timeout, To};
use workflow_node_sdk::http::Method;

use crate::common::{
    ANY_CHAT, CHANNEL_CHAT, DATE, DEVICE_IN_BODY, FLAG, GROUP_CHAT, MESSAGE_ID, MESSAGE_TEXT,
    SHORT_TEXT, UPLOAD_EXTRA_MS, body, choice, object_id, op,
};
use crate::names::{GET_FILES, RESOURCE_SEND, RUN_UPLOAD, SEARCH_GROUPS};
use crate::session::REQUEST_MS;

// The recipient: exactly one of them.

const PHONE: Param = Param::new(
    "phone",
    "Phone",
    "The recipient's phone number in E.164, such as +16001234560. Give one of Phone, Group or Channel.",
    Kind::Phone,
    body("/phone"),
)
.placeholder("+16001234560");

const GROUP: Param = Param::new(
    "group",
    "Group",
    "The group to send to, as its group ID such as 120363012345678901@g.us. Give one of Phone, Group or Channel.",
    Kind::ChatId {
        kinds: GROUP_CHAT,
        search: Some(SEARCH_GROUPS),
    },
    body("/group"),
)
.placeholder("120363012345678901@g.us");

const CHANNEL: Param = Param::new(
    "channel",
    "Channel",
    "The channel to post to, as its channel ID such as 120363098765432101@newsletter. Give one of Phone, Group or Channel.",
    Kind::ChatId {
        kinds: CHANNEL_CHAT,
        search: None,
    },
    body("/channel"),
)
.placeholder("120363098765432101@newsletter");

/// One recipient: a phone, a group or a channel.
const RECIPIENT: Rule = Rule::ExactlyOne(&["phone", "group", "channel"]);

// The delivery options every send takes.

const PRIORITIES: &[Choice] = &[
    choice("normal", "Normal", "In queue order"),
    choice("high", "High", "Before the normal ones in the queue"),
    choice("low", "Low", "After the normal ones in the queue"),
];

const PRIORITY: Param = Param::new(
    "priority",
    "Priority",
    "Where the message goes in the number's queue: normal, high or low. Left empty, the API's default (normal).",
    Kind::Choice {
        choices: PRIORITIES,
        default: "",
    },
    body("/priority"),
)
.option();

const LABEL: Param = Param::new(
    "label",
    "Label",
    "A label to tag the message with, by its name",
    SHORT_TEXT,
    body("/label"),
)
.option();

const REFERENCE: Param = Param::new(
    "reference",
    "Reference",
    "Your own ID for the message (up to 300 characters); webhooks and Search Messages return it",
    SHORT_TEXT,
    body("/reference"),
)
.option();

const AGENT: Param = Param::new(
    "agent",
    "Agent",
    "The team member the message is sent on behalf of: their user ID (24 hexadecimal characters)",
    object_id("a user ID", None),
    body("/agent"),
)
.option();

const LIVE: Param = Param::new(
    "live",
    "Live",
    "Whether to send it at once, without the queue. Do not use it for dozens of messages a minute: WhatsApp may ban the number.",
    FLAG,
    body("/live"),
)
.option();

const ENQUEUE_MODES: &[Choice] = &[
    choice("always", "Always", "Always through the number's queue"),
    choice(
        "never",
        "Never",
        "At once, without the queue (not for dozens of messages a minute)",
    ),
    choice(
        "opportunistic",
        "Opportunistic",
        "At once when possible, else through the queue",
    ),
];

const ENQUEUE: Param = Param::new(
    "enqueue",
    "Enqueue",
    "How the message is queued: always, never or opportunistic. Left empty, the plan's default. Not every plan has every mode.",
    Kind::Choice {
        choices: ENQUEUE_MODES,
        default: "",
    },
    body("/enqueue"),
)
.option();

const RETRIES: Param = Param::new(
    "retries",
    "Retries",
    "How many times delivery is retried, 0 to 100 (the API's default is 25)",
    Kind::Int { min: 0, max: 100 },
    body("/retries"),
)
.option();

const SEND_READ_ACK: Param = Param::new(
    "sendReadAck",
    "Send Read Ack",
    "Whether to mark the chat's earlier incoming messages as read (blue ticks) once it is sent; not when read receipts are off in WhatsApp's privacy settings",
    FLAG,
    body("/sendReadAck"),
)
.option();

const TYPING: Param = Param::new(
    "typing",
    "Typing",
    "Seconds of \"typing…\" (or \"recording…\") shown before it is sent, 2 to 30",
    Kind::Int { min: 2, max: 30 },
    body("/typing"),
)
.option();

const QUOTE: Param = Param::new(
    "quote",
    "Quote",
    "The message to reply to: its WhatsApp message ID (hexadecimal), in the same chat",
    MESSAGE_ID,
    body("/quote"),
)
.option();

const ORDER: Param = Param::new(
    "order",
    "Order",
    "Whether messages to this chat go out strictly in order (for chatbots and sequences); not with Live or Enqueue Never",
    FLAG,
    body("/order"),
)
.option();

/// A send's parameters: the number, the recipient, then the send's own
/// (`$p`), then the delivery options every send shares.
macro_rules! send_params {
    ($($p:expr),* $(,)?) => {
        &[
            DEVICE_IN_BODY,
            PHONE,
            GROUP,
            CHANNEL,
            $($p,)*
            PRIORITY,
            LABEL,
            REFERENCE,
            AGENT,
            LIVE,
            ENQUEUE,
            RETRIES,
            SEND_READ_ACK,
            TYPING,
            QUOTE,
            ORDER,
        ]
    };
}

/// A send: `POST /messages`, one recipient unless `rules` say more.
const fn send(
    value: &'static str,
    labels: (&'static str, &'static str, &'static str),
    params: &'static [Param],
    rules: &'static [Rule],
) -> Operation {
    Operation {
        rules,
        ..op(
            RESOURCE_SEND,
            value,
            labels,
            Method::Post,
            "/messages",
            params,
        )
    }
}

const ONE_RECIPIENT: &[Rule] = &[RECIPIENT];

// The content of each send.

const TEXT: Param = Param::new(
    "message",
    "Message",
    "The text to send, up to 4,096 characters; WhatsApp formatting (*bold*, _italic_) works",
    MESSAGE_TEXT,
    body("/message"),
);

/// Where the media comes from.
const MEDIA_SOURCES: &[Choice] = &[
    choice("url", "URL", "A public http(s) URL the API downloads"),
    choice(
        "file",
        "Uploaded File",
        "A file already uploaded to the account, by its file ID",
    ),
    choice(
        "binary",
        "Binary Data",
        "A file of the input item (from Read/Write Files from Disk, an HTTP Request…), uploaded first, then sent by its ID",
    ),
];

const MEDIA_SOURCE: Param = Param::new(
    "mediaSource",
    "Media Source",
    "Where the file comes from: a public URL, a file already uploaded, or a binary property of the input item",
    Kind::Choice {
        choices: MEDIA_SOURCES,
        default: "url",
    },
    To::Local,
);

const MEDIA_BINARY: Param = Param::new(
    "binaryPropertyName",
    "Input Binary Field",
    "The name of the input item's binary property that holds the file (up to 16 MiB). It is uploaded to the account (an identical file uploaded before is reused), then sent by its ID.",
    Kind::Binary,
    To::Local,
)
.when("mediaSource", &["binary"]);

const MEDIA_URL: Param = Param::new(
    "mediaUrl",
    "Media URL",
    "The public http(s) URL of the file to send: an image, video, audio or document (the API's media.url)..",
    Kind::Text { max_chars: 2048 },
    body("/media/url"),
)
.when("mediaSource", &["url"])
.placeholder("https://example.com/photo.jpg");

const MEDIA_FILE: Param = Param::new(
    "mediaFile",
    "Media File",
    "A file already uploaded to the account (Files), by its file ID of 24 hexadecimal characters (the API's media.file)..",
    object_id("a file ID", Some(GET_FILES)),
    body("/media/file"),
)
.when("mediaSource", &["file"]);

const CAPTION: Param = Param::new(
    "message",
    "Caption",
    "Text sent with the file, up to 4,096 characters (the API's message)",
    MESSAGE_TEXT,
    body("/message"),
)
.option();

const MEDIA_FILENAME: Param = Param::new(
    "mediaFilename",
    "File Name",
    "The file name the recipient sees, such as invoice.pdf (the API's media.filename)",
    SHORT_TEXT,
    body("/media/filename"),
)
.option();

const MEDIA_FORMATS: &[Choice] = &[
    choice("gif", "GIF", "A video played as a looping GIF"),
    choice(
        "ptt",
        "Voice Note",
        "An audio file sent as a voice note (push to talk)",
    ),
    choice(
        "native",
        "Native",
        "The file as WhatsApp's native media type",
    ),
];

const MEDIA_FORMAT: Param = Param::new(
    "mediaFormat",
    "Media Format",
    "How WhatsApp shows the file: gif, ptt (voice note) or native (the API's media.format). Left empty, as the file's type says.",
    Kind::Choice {
        choices: MEDIA_FORMATS,
        default: "",
    },
    body("/media/format"),
)
.option();

const MEDIA_VIEW_ONCE: Param = Param::new(
    "mediaViewOnce",
    "View Once",
    "Whether the recipient can open the image or video only once (the API's media.viewOnce)",
    FLAG,
    body("/media/viewOnce"),
)
.option();

const DELIVER_AT: Param = Param::new(
    "deliverAt",
    "Deliver At",
    "When to send it: a date and time in ISO 8601, such as 2026-12-01T10:00:00Z or 2026-12-01T10:00:00+01:00",
    DATE,
    body("/deliverAt"),
)
.required();

const POLL_NAME: Param = Param::new(
    "pollName",
    "Question",
    "The poll's question, up to 300 characters (the API's poll.name)",
    SHORT_TEXT,
    body("/poll/name"),
)
.required();

const POLL_OPTIONS: Param = Param::new(
    "pollOptions",
    "Options",
    "The answers to choose from, 2 to 12: a JSON array of texts, or one per line (a comma also separates them) (the API's poll.options)",
    Kind::List {
        of: &SHORT_TEXT,
        min: 2,
        max: 12,
    },
    body("/poll/options"),
)
.required();

const VOTE_POLL: Param = Param::new(
    "votePoll",
    "Poll Message ID",
    "The poll message: its WhatsApp message ID (hexadecimal) (the API's vote.poll)",
    MESSAGE_ID,
    body("/vote/poll"),
)
.required();

const VOTE_OPTION_FIELDS: &[Param] = &[Param::new(
    "value",
    "Option",
    "The text of the poll option to vote for, exactly as the poll shows it",
    SHORT_TEXT,
    body("/value"),
)
.required()];

const VOTE_OPTIONS: Param = Param::new(
    "voteOptions",
    "Votes",
    "The options to vote for, 1 to 12, each by its text (sent as vote.options [{value}])",
    Kind::Rows {
        group: "option",
        fields: VOTE_OPTION_FIELDS,
        min: 1,
        max: 12,
    },
    body("/vote/options"),
)
.required();

const EVENT_NAME: Param = Param::new(
    "eventName",
    "Event Name",
    "The event's title, up to 100 characters (the API's event.name)",
    Kind::Text { max_chars: 100 },
    body("/event/name"),
)
.required();

const EVENT_DATE: Param = Param::new(
    "eventDate",
    "Event Date",
    "When the event starts: a date and time in ISO 8601, such as 2026-12-01T10:00:00Z (the API's event.date)",
    DATE,
    body("/event/date"),
)
.required();

const EVENT_DESCRIPTION: Param = Param::new(
    "eventDescription",
    "Description",
    "What the event is about, up to 2,048 characters (the API's event.description)",
    Kind::Text { max_chars: 2048 },
    body("/event/description"),
)
.option();

const EVENT_LOCATION: Param = Param::new(
    "eventLocation",
    "Location",
    "Where it takes place, up to 255 characters (the API's event.location)",
    Kind::Text { max_chars: 255 },
    body("/event/location"),
)
.option();

const EVENT_LATITUDE: Param = Param::new(
    "eventLatitude",
    "Latitude",
    "The place's latitude, -90 to 90, such as 40.4168; give it with Longitude (the API's event.latitude)",
    Kind::Decimal { min: -90, max: 90 },
    body("/event/latitude"),
)
.option();

const EVENT_LONGITUDE: Param = Param::new(
    "eventLongitude",
    "Longitude",
    "The place's longitude, -180 to 180, such as -3.7038; give it with Latitude (the API's event.longitude)",
    Kind::Decimal {
        min: -180,
        max: 180,
    },
    body("/event/longitude"),
)
.option();

const CALLS: &[Choice] = &[
    choice("voice", "Voice", "A WhatsApp voice call"),
    choice("video", "Video", "A WhatsApp video call"),
];

const EVENT_CALL: Param = Param::new(
    "eventCall",
    "Call",
    "A WhatsApp call link for the event: voice or video. Left empty, no call (the API's event.call).",
    Kind::Choice {
        choices: CALLS,
        default: "",
    },
    body("/event/call"),
)
.option();

const CONFIRM_EVENT_ID: Param = Param::new(
    "confirmEvent",
    "Event Message ID",
    "The event invitation to answer: its WhatsApp message ID (hexadecimal) (the API's confirm.event)",
    MESSAGE_ID,
    body("/confirm/event"),
)
.required();

const CONFIRM: Param = Param::new(
    "confirm",
    "Attend",
    "Whether you attend: on accepts the invitation, off declines it (the API's confirm.confirm)",
    Kind::Flag {
        default: true,
        destroys: None,
    },
    body("/confirm/confirm"),
)
.required();

const LOCATION_ADDRESS: Param = Param::new(
    "locationAddress",
    "Address",
    "The place as an address WhatsApp can find, such as 1600 Amphitheatre Parkway, Mountain View, CA (the API's location.address). Give Address, Coordinates or both.",
    SHORT_TEXT,
    body("/location/address"),
);

const LOCATION_COORDINATES: Param = Param::new(
    "locationCoordinates",
    "Coordinates",
    "The place as a JSON array of latitude and longitude, such as [40.4168, -3.7038] (the API's location.coordinates). Give Address, Coordinates or both.",
    Kind::Json,
    body("/location/coordinates"),
);

const LOCATION_NAME: Param = Param::new(
    "locationName",
    "Place Name",
    "A name shown with the place, such as Head Office (the API's location.name)",
    SHORT_TEXT,
    body("/location/name"),
)
.option();

const CONTACT_FIELDS: &[Param] = &[
    Param::new(
        "phone",
        "Phone",
        "The contact's phone number in E.164, such as +16001234560",
        Kind::Phone,
        body("/phone"),
    )
    .required(),
    Param::new(
        "name",
        "Name",
        "The contact's name as the card shows it",
        SHORT_TEXT,
        body("/name"),
    )
    .required(),
];

const CONTACTS: Param = Param::new(
    "contacts",
    "Contacts",
    "The contact cards to send, 1 to 10, each a phone number and a name",
    Kind::Rows {
        group: "contact",
        fields: CONTACT_FIELDS,
        min: 1,
        max: 10,
    },
    body("/contacts"),
)
.required();

const REACTION: Param = Param::new(
    "reaction",
    "Reaction",
    "The emoji to react with, such as 👍; \"-\" removes an earlier reaction",
    Kind::Text { max_chars: 10 },
    body("/reaction"),
)
.required()
.placeholder("👍");

const REACTION_MESSAGE: Param = Param::new(
    "reactionMessage",
    "Message ID",
    "The message to react to: its WhatsApp message ID (hexadecimal)",
    MESSAGE_ID,
    body("/reactionMessage"),
)
.required();

const PRODUCT: Param = Param::new(
    "product",
    "Product ID",
    "The product of the number's WhatsApp Business catalog, by its product ID",
    SHORT_TEXT,
    body("/product"),
)
.required();

const FORWARD_MESSAGE: Param = Param::new(
    "forwardMessage",
    "Message ID",
    "The message to forward: its WhatsApp message ID (hexadecimal) (the API's forward.message)",
    MESSAGE_ID,
    body("/forward/message"),
)
.required();

const FORWARD_CHAT: Param = Param::new(
    "forwardChat",
    "Source Chat",
    "The chat the message is in, such as 16001234560@c.us or 120363012345678901@g.us; left empty, the API looks for it (the API's forward.chat)",
    Kind::ChatId {
        kinds: ANY_CHAT,
        search: None,
    },
    body("/forward/chat"),
)
.option();

/// Send Text Message.
pub const SEND_TEXT: Operation = send(
    "sendText",
    (
        "Send Text Message",
        "Send a WhatsApp text message to a phone number, group or channel from one of the account's numbers; needs the number, one recipient and the text",
        "Send a text message",
    ),
    send_params![TEXT.required()],
    ONE_RECIPIENT,
);

/// Send Media Message.
pub const SEND_MEDIA: Operation = Operation {
    run: Run::Custom(RUN_UPLOAD),
    timeout: Timeout {
        extra_ms: UPLOAD_EXTRA_MS,
        ..Timeout::fixed(REQUEST_MS)
    },
    ..send(
        "sendMedia",
        (
            "Send Media Message",
            "Send an image, video, audio or document on WhatsApp to a phone number, group or channel, optionally with a caption; needs the number, one recipient and the file as a public URL or an uploaded file's ID",
            "Send a media message",
        ),
        send_params![
            MEDIA_SOURCE,
            MEDIA_URL,
            MEDIA_FILE,
            MEDIA_BINARY,
            CAPTION,
            MEDIA_FILENAME,
            MEDIA_FORMAT,
            MEDIA_VIEW_ONCE,
        ],
        &[
            RECIPIENT,
            Rule::ExactlyOne(&["mediaUrl", "mediaFile", "binaryPropertyName"]),
        ],
    )
};

/// Send Scheduled Message.
pub const SEND_SCHEDULED: Operation = send(
    "sendScheduled",
    (
        "Send Scheduled Message",
        "Schedule a WhatsApp text message to a phone number, group or channel for a later date and time; needs the number, one recipient, the text and the delivery time in ISO 8601",
        "Send a scheduled message",
    ),
    send_params![TEXT.required(), DELIVER_AT],
    ONE_RECIPIENT,
);

/// Send Poll.
pub const SEND_POLL: Operation = send(
    "sendPoll",
    (
        "Send Poll",
        "Send a WhatsApp poll to a phone number, group or channel; needs the number, one recipient, the question and 2 to 12 options",
        "Send a poll",
    ),
    send_params![POLL_NAME, POLL_OPTIONS],
    ONE_RECIPIENT,
);

/// Send Poll Votes.
pub const SEND_POLL_VOTE: Operation = send(
    "sendPollVote",
    (
        "Send Poll Votes",
        "Vote in a WhatsApp poll in a chat with a phone number, group or channel; needs the number, the poll's chat as the recipient, the poll's message ID and the options voted for",
        "Send votes in a poll",
    ),
    send_params![VOTE_POLL, VOTE_OPTIONS],
    ONE_RECIPIENT,
);

/// Delete Poll Votes.
pub const DELETE_POLL_VOTE: Operation = send(
    "deletePollVote",
    (
        "Delete Poll Votes",
        "Withdraw the number's votes in a WhatsApp poll; needs the number, the poll's chat as the recipient and the poll's message ID",
        "Delete votes in a poll",
    ),
    send_params![VOTE_POLL],
    ONE_RECIPIENT,
);

/// Send Meeting Event.
pub const SEND_EVENT: Operation = send(
    "sendEvent",
    (
        "Send Meeting Event",
        "Send a WhatsApp event invitation to a phone number, group or channel, optionally with a place and a call link; needs the number, one recipient, the event's name and its date and time",
        "Send a meeting event",
    ),
    send_params![
        EVENT_NAME,
        EVENT_DATE,
        EVENT_DESCRIPTION,
        EVENT_LOCATION,
        EVENT_LATITUDE,
        EVENT_LONGITUDE,
        EVENT_CALL,
    ],
    ONE_RECIPIENT,
);

/// Send Meeting Confirmation.
pub const CONFIRM_EVENT: Operation = send(
    "confirmEvent",
    (
        "Send Meeting Confirmation",
        "Accept or decline a WhatsApp event invitation; needs the number, the invitation's chat as the recipient, the invitation's message ID and whether you attend",
        "Send a meeting confirmation",
    ),
    send_params![CONFIRM_EVENT_ID, CONFIRM],
    ONE_RECIPIENT,
);

/// Send Location.
pub const SEND_LOCATION: Operation = send(
    "sendLocation",
    (
        "Send Location",
        "Send a place on the map on WhatsApp to a phone number, group or channel; needs the number, one recipient and the place as an address or as latitude and longitude",
        "Send a location",
    ),
    send_params![LOCATION_ADDRESS, LOCATION_COORDINATES, LOCATION_NAME],
    &[
        RECIPIENT,
        Rule::AtLeastOne(&["locationAddress", "locationCoordinates"]),
    ],
);

/// Send Contacts.
pub const SEND_CONTACTS: Operation = send(
    "sendContacts",
    (
        "Send Contacts",
        "Send 1 to 10 contact cards on WhatsApp to a phone number, group or channel; needs the number, one recipient and each contact's phone and name",
        "Send contact cards",
    ),
    send_params![CONTACTS],
    ONE_RECIPIENT,
);

/// Send Reaction.
pub const SEND_REACTION: Operation = send(
    "sendReaction",
    (
        "Send Reaction",
        "React with an emoji to a WhatsApp message, or remove the reaction with \"-\"; needs the number, the message's chat as the recipient, the emoji and the message ID",
        "Send a reaction",
    ),
    send_params![REACTION, REACTION_MESSAGE],
    ONE_RECIPIENT,
);

/// Send Catalog Product.
pub const SEND_PRODUCT: Operation = send(
    "sendProduct",
    (
        "Send Catalog Product",
        "Send a product of the number's WhatsApp Business catalog to a phone number, group or channel; needs the number, one recipient and the product ID",
        "Send a catalog product",
    ),
    send_params![PRODUCT],
    ONE_RECIPIENT,
);

/// Forward Message.
pub const FORWARD: Operation = send(
    "forwardMessage",
    (
        "Forward Message",
        "Forward an existing WhatsApp message to a phone number, group or channel; needs the number, one recipient and the message's ID",
        "Forward a message",
    ),
    send_params![FORWARD_MESSAGE, FORWARD_CHAT],
    ONE_RECIPIENT,
);

/// The resource's operations, in form order.
pub const OPERATIONS: &[Operation] = &[
    SEND_TEXT,
    SEND_MEDIA,
    SEND_SCHEDULED,
    SEND_POLL,
    SEND_POLL_VOTE,
    DELETE_POLL_VOTE,
    SEND_EVENT,
    CONFIRM_EVENT,
    SEND_LOCATION,
    SEND_CONTACTS,
    SEND_REACTION,
    SEND_PRODUCT,
    FORWARD,
];
