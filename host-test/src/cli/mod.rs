//! The command line: arguments, and what each command does.

mod bench;
mod bench_https;
mod demo;
mod items;
mod measure;
mod soak;

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Parser, Subcommand};
use serde_json::{Value, json};
use sparkbot_mock::{DEMO_API_KEY, MockApi, MockOptions};
use workflow_node_host::bindings::Credentials;
use workflow_node_host::proxy::ProxyConfig;
use workflow_node_host::{HostConfig, HostError, NodeHost, json};

/// Run a workflow node component (by default SparkBot WhatsApp) in a wasmtime host.
///
/// The credential comes from --base-url / --api-key (or SPARKBOT_BASE_URL /
/// SPARKBOT_API_KEY) and --credential FIELD=VALUE; what each means comes
/// from the node's own credential type. The key is never printed.
#[derive(Debug, Parser)]
#[command(name = "host-test", version)]
pub struct Args {
    /// The component (.wasm, or a .cwasm made by this host). Default:
    /// $SPARKBOT_COMPONENT, or the release build next to this executable.
    #[arg(long, global = true)]
    component: Option<PathBuf>,
    /// Cap on the component's memory, in MiB.
    #[arg(long, global = true, default_value_t = 64)]
    memory_limit_mib: usize,
    /// Deadline of every call, in milliseconds; past it the call is stopped.
    /// Default: execute from the node's time budgets (at most
    /// --max-deadline-ms), other calls 60 s. Set, it can only shorten them.
    #[arg(long, global = true)]
    deadline_ms: Option<u64>,
    /// Cap on an execute call's deadline, however long its items' time
    /// budgets add up to, in milliseconds.
    #[arg(long, global = true, default_value_t = 900_000)]
    max_deadline_ms: u64,
    /// Bound on each HTTP request (connect, first byte, between bytes), in ms.
    #[arg(long, global = true, default_value_t = 30_000)]
    request_timeout_ms: u64,
    /// Where compiled components are cached (default: ~/.cache/sparkbot-whatsapp/artifacts).
    #[arg(long, global = true, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Compile the component on every start instead of using the cache.
    #[arg(long, global = true)]
    no_cache: bool,
    /// Use the on-demand allocator instead of the pooling one.
    #[arg(long, global = true)]
    no_pooling: bool,
    /// Only let credentials point at this origin (repeatable; default: any
    /// credential may reach its own Base URL's origin, and nothing else).
    #[arg(long = "allow-origin", global = true, value_name = "URL")]
    allow_origins: Vec<String>,
    /// Also trust the CAs in this PEM file (repeatable), besides the
    /// platform's roots (which SSL_CERT_FILE / SSL_CERT_DIR replace).
    #[arg(long = "ca-cert", global = true, value_name = "FILE")]
    ca_certs: Vec<PathBuf>,
    /// Send every request through this http:// proxy (CONNECT for https),
    /// instead of HTTPS_PROXY / HTTP_PROXY; NO_PROXY still applies.
    #[arg(long, global = true, value_name = "URL")]
    proxy: Option<String>,
    #[command(subcommand)]
    command: Command,
}

/// The credential, from flags or the environment. Which field each flag
/// fills is read from the node's credential type.
#[derive(Debug, clap::Args)]
struct CredentialArgs {
    /// The base URL: the credential type's base-URL field (default: its default).
    #[arg(long, env = "SPARKBOT_BASE_URL")]
    base_url: Option<String>,
    /// The API key: the credential type's secret field. The host sends it
    /// as the type says (for SparkBot, the Token header); the node never sees it.
    #[arg(long, env = "SPARKBOT_API_KEY", hide_env_values = true)]
    api_key: Option<String>,
    /// Any other credential field, `name=value` (repeatable).
    #[arg(long = "credential", value_name = "FIELD=VALUE")]
    fields: Vec<String>,
    /// The credential type (default: the first the node names).
    #[arg(long)]
    credential_type: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the node's description (properties, credential types and what
    /// their fields mean) as JSON: the WIT records as they are, field names
    /// in kebab-case, collection children flat with their parent.
    Describe,
    /// Load the options of a dropdown, such as `getDevices`.
    Options {
        /// The load-options method.
        method: String,
        #[command(flatten)]
        credentials: CredentialArgs,
        /// A current form value, `name=value` (repeatable).
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
    },
    /// Print one page of a searchable list (a resource locator's list mode)
    /// as JSON: its entries and the token of the next page.
    Search {
        /// The list-search method.
        #[arg(long)]
        method: String,
        /// The user's search text.
        #[arg(long)]
        filter: Option<String>,
        /// The previous page's pagination token (none: the first page).
        #[arg(long)]
        token: Option<String>,
        #[command(flatten)]
        credentials: CredentialArgs,
        /// A current form value, `name=value` (repeatable).
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
    },
    /// Run the node over items and print the output items as JSON.
    ///
    /// Values are read as JSON when they parse as JSON (true, 5, "text"),
    /// otherwise as text; `options.timeout=5000` sets a collection field;
    /// `{{$json.field}}` takes the value from each item's JSON.
    Execute {
        #[command(flatten)]
        credentials: CredentialArgs,
        /// A parameter, `name=value` (repeatable).
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
        /// A JSON file holding a list of item objects (default: one empty item).
        #[arg(long)]
        items: Option<PathBuf>,
        /// Turn failed items into output items carrying their error.
        #[arg(long)]
        continue_on_fail: bool,
        /// Where binary entries are written.
        #[arg(long, default_value = "out")]
        out_dir: PathBuf,
    },
    /// Serve the embedded SparkBot API on 127.0.0.1 until stopped (Ctrl-C).
    MockApi {
        /// The port (0: any free port).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// The API key it accepts.
        #[arg(long, env = "SPARKBOT_API_KEY", hide_env_values = true, default_value = DEMO_API_KEY, hide_default_value = true)]
        api_key: String,
        /// Serve HTTPS, with a certificate for 127.0.0.1 and localhost signed
        /// by a CA generated at start.
        #[arg(long)]
        tls: bool,
        /// Where to write that CA's certificate (PEM), for clients' --ca-cert.
        #[arg(long, value_name = "FILE", requires = "tls")]
        ca_out: Option<PathBuf>,
        /// Emulated round-trip time in ms: each new connection waits one
        /// (TCP) plus one with --tls (TLS 1.3), each response one.
        #[arg(long, default_value_t = 0)]
        rtt_ms: u64,
    },
    /// Measure the component against a native client on the embedded API:
    /// compile, load, instantiate, describe, options, one scan, a batch.
    Bench {
        /// Few iterations: only check that every figure is produced.
        #[arg(long)]
        quick: bool,
        /// The QR encoding of the scans (svg, json, base64, base64_uri, uri, image).
        #[arg(long, default_value = "svg")]
        encoding: String,
        /// Where the figures are written as JSON.
        #[arg(long, default_value = "bench.json")]
        json: PathBuf,
    },
    /// Run many executions through this one host process (a fresh instance
    /// each) against the embedded API, and report resident memory.
    Soak {
        /// How many executions (after a warm-up of 5 %, at most 500).
        #[arg(long, default_value_t = 10_000)]
        iterations: u64,
        /// Fail when RSS grows by this many percent or more.
        #[arg(long, default_value_t = 10.0)]
        max_growth_percent: f64,
    },
    /// Start the embedded API, list its numbers, scan a QR, write it to a
    /// file and draw it in the terminal.
    Demo {
        /// Where the QR image is written.
        #[arg(long, default_value = "out")]
        out_dir: PathBuf,
    },
}

/// What a command can fail with.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The host or the node failed.
    #[error("{}", render_host_error(.0))]
    Host(#[from] HostError),
    /// A file could not be read or written.
    #[error("error: {0}")]
    Io(String),
    /// An argument cannot be used.
    #[error("error: {0}")]
    Usage(String),
}

fn render_host_error(e: &HostError) -> String {
    let body = match e {
        HostError::Node(node) => json!({ "error": json::error(node) }),
        other => json!({ "error": { "kind": other.kind(), "message": other.to_string() } }),
    };
    serde_json::to_string_pretty(&body).unwrap_or_else(|_| e.to_string())
}

impl Args {
    fn host(&self) -> Result<NodeHost, CliError> {
        let config = HostConfig {
            memory_limit: self.memory_limit_mib.saturating_mul(1024 * 1024),
            call_deadline: self.deadline_ms.map(Duration::from_millis),
            max_call_deadline: Duration::from_millis(self.max_deadline_ms),
            request_timeout: Duration::from_millis(self.request_timeout_ms),
            allowed_origins: (!self.allow_origins.is_empty()).then(|| self.allow_origins.clone()),
            pooling: !self.no_pooling,
            ca_certs: self.ca_certs.clone(),
            proxy: match &self.proxy {
                Some(url) => ProxyConfig::from_env().all(url),
                None => ProxyConfig::from_env(),
            },
            ..HostConfig::default()
        };
        let path = self
            .component
            .clone()
            .unwrap_or_else(host_test::default_component_path);
        if !path.exists() {
            return Err(CliError::Usage(format!(
                "no component at {}; build it with `cargo build --release --target wasm32-wasip2 -p sparkbot-whatsapp`, or pass --component",
                path.display()
            )));
        }
        let cache_dir = self.cache_dir.clone().or_else(|| {
            std::env::var_os("HOME")
                .map(|home| PathBuf::from(home).join(".cache/sparkbot-whatsapp/artifacts"))
        });
        match cache_dir {
            Some(dir) if !self.no_cache && path.extension().is_some_and(|e| e == "wasm") => {
                Ok(NodeHost::from_file_cached(&path, config, &dir)?)
            }
            _ => Ok(NodeHost::from_file(&path, config)?),
        }
    }
}

/// Runs the command `args` names.
pub async fn run(args: Args) -> Result<(), CliError> {
    match &args.command {
        Command::Describe => {
            let description = args.host()?.describe().await?;
            print_json(&json::description(&description));
        }
        Command::Options {
            method,
            credentials,
            params,
        } => {
            let host = args.host()?;
            let form = items::parameters(params)?;
            let credentials = credentials.resolve(&host).await?;
            let options = host
                .load_options(
                    method,
                    &credentials,
                    &Value::Object(form.resolve(&json!({}))).to_string(),
                )
                .await?;
            print_json(&options.iter().map(json::option).collect::<Value>());
        }
        Command::Search {
            method,
            filter,
            token,
            credentials,
            params,
        } => {
            let host = args.host()?;
            let form = items::parameters(params)?;
            let credentials = credentials.resolve(&host).await?;
            let page = host
                .list_search(
                    method,
                    &credentials,
                    &Value::Object(form.resolve(&json!({}))).to_string(),
                    filter.as_deref(),
                    token.as_deref(),
                )
                .await?;
            print_json(&json::search_page(&page));
        }
        Command::Execute {
            credentials,
            params,
            items: items_file,
            continue_on_fail,
            out_dir,
        } => {
            let host = args.host()?;
            let credentials = credentials.resolve(&host).await?;
            let parameters = items::parameters(params)?;
            let inputs = items::read_items(items_file.as_deref(), &parameters)?;
            let outputs = host
                .execute(&credentials, &inputs, *continue_on_fail)
                .await?;
            let printed = items::write_outputs(&outputs, out_dir)?;
            print_json(&Value::Array(printed));
        }
        Command::MockApi {
            port,
            api_key,
            tls,
            ca_out,
            rtt_ms,
        } => {
            let options = MockOptions {
                port: *port,
                tls: tls.then(MockOptions::loopback_names),
                rtt: Duration::from_millis(*rtt_ms),
            };
            let mock = MockApi::start_with(api_key, options)
                .map_err(|e| CliError::Io(format!("cannot start the mock API: {e}")))?;
            if let (Some(path), Some(pem)) = (ca_out, mock.ca_pem()) {
                std::fs::write(path, pem).map_err(|e| {
                    CliError::Io(format!("cannot write the CA to {}: {e}", path.display()))
                })?;
                println!("CA certificate written to {}", path.display());
            }
            println!("SparkBot mock API listening; Base URL: {}", mock.base_url());
            println!("Stop with Ctrl-C.");
            tokio::signal::ctrl_c()
                .await
                .map_err(|e| CliError::Io(format!("cannot wait for Ctrl-C: {e}")))?;
        }
        Command::Demo { out_dir } => demo::run(&args.host()?, out_dir).await?,
        Command::Bench {
            quick,
            encoding,
            json,
        } => {
            let path = args
                .component
                .clone()
                .unwrap_or_else(host_test::default_component_path);
            bench::run(&path, *quick, encoding, json).await?
        }
        Command::Soak {
            iterations,
            max_growth_percent,
        } => soak::run(&args.host()?, *iterations, max_growth_percent / 100.0).await?,
    }
    Ok(())
}

impl CredentialArgs {
    async fn resolve(&self, host: &NodeHost) -> Result<Credentials, CliError> {
        let mut fields = Vec::with_capacity(self.fields.len());
        for field in &self.fields {
            let (name, value) = field.split_once('=').ok_or_else(|| {
                CliError::Usage(format!("--credential wants FIELD=VALUE, not '{field}'"))
            })?;
            fields.push((name.to_string(), value.to_string()));
        }
        credentials(
            host,
            self.credential_type.as_deref(),
            self.base_url.as_deref(),
            self.api_key.as_deref(),
            fields,
        )
        .await
    }
}

/// The node's credential of type `type_name` (default: the first the node
/// names), with `base_url` in its base-URL field, `api_key` in its (first)
/// secret field, and `fields` as given.
async fn credentials(
    host: &NodeHost,
    type_name: Option<&str>,
    base_url: Option<&str>,
    api_key: Option<&str>,
    fields: Vec<(String, String)>,
) -> Result<Credentials, CliError> {
    let description = host.describe().await?;
    let name = match type_name {
        Some(name) => name.to_string(),
        None => description
            .credentials
            .first()
            .map(|c| c.name.clone())
            .ok_or_else(|| CliError::Usage("the node names no credential".into()))?,
    };
    let kind = description
        .credential_types
        .iter()
        .find(|t| t.name == name)
        .ok_or_else(|| {
            CliError::Usage(format!("the node describes no credential type '{name}'"))
        })?;
    let mut data = serde_json::Map::new();
    if let Some(url) = base_url {
        data.insert(kind.base_url_field.clone(), url.into());
    }
    if let (Some(key), Some(secret)) = (api_key, kind.secrets.first()) {
        data.insert(secret.field.clone(), key.into());
    }
    for (field, value) in fields {
        data.insert(field, value.into());
    }
    Ok(Credentials {
        name,
        data: Value::Object(data).to_string(),
    })
}

/// The node's credential for the embedded API `mock` (its Base URL and the
/// demo key), as the demo, the soak and the bench use it.
async fn mock_credentials(host: &NodeHost, mock: &MockApi) -> Result<Credentials, CliError> {
    credentials(
        host,
        None,
        Some(&mock.base_url()),
        Some(DEMO_API_KEY),
        Vec::new(),
    )
    .await
}

fn print_json(value: &Value) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("error: cannot print JSON: {e}"),
    }
}

fn io_error(path: &Path, e: std::io::Error) -> CliError {
    CliError::Io(format!("{}: {e}", path.display()))
}
