//! The network policy: the guest may reach exactly one origin (scheme, host,
//! port), the one of the credential's Base URL. Anything unparseable is denied.

use std::fmt;

use http::Uri;

/// An origin: scheme, host and port, as compared for the policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    /// The origin of `uri`, or `None` when it has no scheme or host, or a
    /// scheme other than http and https.
    pub fn of(uri: &Uri) -> Option<Self> {
        let scheme = uri.scheme_str()?.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        let authority = uri.authority()?;
        if authority.as_str().contains('@') {
            return None;
        }
        let host = authority.host().to_ascii_lowercase();
        if host.is_empty() {
            return None;
        }
        Some(Origin {
            scheme,
            host,
            port: authority.port_u16().unwrap_or(default_port),
        })
    }

    /// The origin of the URL text `url`.
    pub fn parse(url: &str) -> Option<Self> {
        Origin::of(&url.trim().parse().ok()?)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
    }
}

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denial {
    /// The host the guest tried to reach (or what stood in its place).
    pub target: String,
    /// The rule that refused it.
    pub rule: String,
}

impl fmt::Display for Denial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "request to {} denied: {}", self.target, self.rule)
    }
}

/// Which origin the guest may reach during one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginPolicy {
    allowed: Option<Origin>,
    /// Why nothing is allowed, when nothing is.
    reason: &'static str,
}

impl OriginPolicy {
    /// Allows exactly `origin`.
    pub fn allow(origin: Origin) -> Self {
        OriginPolicy {
            allowed: Some(origin),
            reason: "",
        }
    }

    /// Allows nothing.
    pub fn deny_all() -> Self {
        OriginPolicy {
            allowed: None,
            reason: "this call grants no network access",
        }
    }

    /// This policy, narrowed to the administrator's `allow_list` of origins
    /// (URLs; unparseable entries match nothing).
    pub fn within(self, allow_list: &[String]) -> Self {
        let listed = self.allowed.as_ref().is_some_and(|origin| {
            allow_list
                .iter()
                .any(|entry| Origin::parse(entry).as_ref() == Some(origin))
        });
        if listed {
            self
        } else {
            OriginPolicy {
                allowed: None,
                reason: "the credential's Base URL is not on the host's allow-list",
            }
        }
    }

    /// Allows the origin of `base_url`, or nothing when it cannot be parsed.
    pub fn for_base_url(base_url: &str) -> Self {
        Origin::parse(base_url).map_or_else(Self::deny_all, Self::allow)
    }

    /// Checks a request's URI.
    pub fn check(&self, uri: &Uri) -> Result<(), Denial> {
        let target = uri.host().unwrap_or("(no host)").to_string();
        let Some(allowed) = &self.allowed else {
            return Err(Denial {
                target,
                rule: self.reason.into(),
            });
        };
        match Origin::of(uri) {
            Some(origin) if &origin == allowed => Ok(()),
            Some(origin) => Err(Denial {
                target,
                rule: format!("only {allowed} is allowed, not {origin}"),
            }),
            None => Err(Denial {
                target,
                rule: "the URL has no readable http(s) origin".into(),
            }),
        }
    }
}

/// Whether a request to `uri` may carry a credential's secrets: over https,
/// or in clear only to a loopback host (local testing), never elsewhere.
pub fn carries_secrets_safely(uri: &Uri) -> Result<(), Denial> {
    let origin = Origin::of(uri);
    let safe = origin
        .as_ref()
        .is_some_and(|o| o.scheme == "https" || is_loopback(&o.host));
    if safe {
        return Ok(());
    }
    Err(Denial {
        target: uri.host().unwrap_or("(no host)").to_string(),
        rule: "the credential's secret would travel in clear text (http:// to a host that is not loopback)".into(),
    })
}

/// Whether `host` (as a URL spells it, lower-cased) is a loopback address or `localhost`.
fn is_loopback(host: &str) -> bool {
    if host == "localhost" {
        return true;
    }
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return v6
            .parse::<std::net::Ipv6Addr>()
            .is_ok_and(|ip| ip.is_loopback());
    }
    host.parse::<std::net::Ipv4Addr>()
        .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> Uri {
        s.parse().unwrap()
    }

    #[test]
    fn allows_exactly_the_origin_with_default_ports() {
        let p = OriginPolicy::for_base_url("https://api.example.com/v1");
        assert!(p.check(&uri("https://api.example.com/v1/devices")).is_ok());
        assert!(p.check(&uri("https://API.example.com:443/other")).is_ok());
        let local = OriginPolicy::for_base_url("http://127.0.0.1:8080/v1");
        assert!(
            local
                .check(&uri("http://127.0.0.1:8080/v1/devices"))
                .is_ok()
        );
    }

    #[test]
    fn denies_other_schemes_hosts_ports_and_userinfo() {
        let p = OriginPolicy::for_base_url("http://127.0.0.1:8080/v1");
        for other in [
            "https://127.0.0.1:8080/v1",
            "http://127.0.0.1:8081/v1",
            "http://localhost:8080/v1",
            "http://127.0.0.2:8080/v1",
            "http://u:p@127.0.0.1:8080/v1",
            "/relative",
        ] {
            let denial = p.check(&uri(other)).expect_err(other);
            assert!(!denial.rule.is_empty());
        }
        let denial = p.check(&uri("http://evil.example:8080/x")).unwrap_err();
        assert_eq!(denial.target, "evil.example");
        assert!(
            denial
                .to_string()
                .contains("only http://127.0.0.1:8080 is allowed")
        );
    }

    #[test]
    fn the_allow_list_narrows_but_never_widens() {
        let list = vec!["http://127.0.0.1:8080".to_string(), "nonsense".to_string()];
        let listed = OriginPolicy::for_base_url("http://127.0.0.1:8080/v1").within(&list);
        assert!(
            listed
                .check(&uri("http://127.0.0.1:8080/v1/devices"))
                .is_ok()
        );
        let unlisted = OriginPolicy::for_base_url("http://127.0.0.1:9090/v1").within(&list);
        let denial = unlisted
            .check(&uri("http://127.0.0.1:9090/v1/devices"))
            .unwrap_err();
        assert!(denial.rule.contains("allow-list"));
        assert!(
            OriginPolicy::deny_all()
                .within(&list)
                .check(&uri("http://127.0.0.1:8080/"))
                .is_err()
        );
    }

    #[test]
    fn secrets_travel_over_https_or_to_loopback_only() {
        for ok in [
            "https://api.example.com/v1",
            "http://127.0.0.1:8080/x",
            "http://127.9.9.9/x",
            "http://localhost:1/x",
            "http://[::1]:80/x",
        ] {
            assert!(carries_secrets_safely(&uri(ok)).is_ok(), "{ok}");
        }
        for bad in [
            "http://api.example.com/v1",
            "http://10.0.0.1/x",
            "/relative",
        ] {
            let denial = carries_secrets_safely(&uri(bad)).expect_err(bad);
            assert!(denial.rule.contains("clear text"), "{bad}");
        }
    }

    #[test]
    fn an_unparseable_base_url_denies_everything() {
        for base in ["", "not a url", "ftp://x", "https://"] {
            let p = OriginPolicy::for_base_url(base);
            assert_eq!(p, OriginPolicy::deny_all(), "{base}");
            assert!(p.check(&uri("https://api.example.com/")).is_err());
        }
    }
}
