//! The compiled-artifact cache: the first load writes it, later loads use
//! it, and a damaged artifact is replaced rather than trusted blindly.

use workflow_node_host::{HostConfig, NodeHost};

#[tokio::test]
async fn the_artifact_cache_is_written_reused_and_repaired() {
    let dir = std::env::temp_dir().join(format!("sparkbot-artifacts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let component = host_test::default_component_path();
    let first = NodeHost::from_file_cached(&component, HostConfig::default(), &dir).unwrap();
    let artifacts: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(artifacts.len(), 1, "{artifacts:?}");
    assert_eq!(
        artifacts[0].extension().and_then(|e| e.to_str()),
        Some("cwasm")
    );
    let written = std::fs::metadata(&artifacts[0])
        .unwrap()
        .modified()
        .unwrap();

    let second = NodeHost::from_file_cached(&component, HostConfig::default(), &dir).unwrap();
    assert_eq!(
        std::fs::metadata(&artifacts[0])
            .unwrap()
            .modified()
            .unwrap(),
        written,
        "reused, not rewritten"
    );
    assert_eq!(
        first.describe().await.unwrap().name,
        second.describe().await.unwrap().name
    );

    std::fs::write(&artifacts[0], b"not an artifact").unwrap();
    let repaired = NodeHost::from_file_cached(&component, HostConfig::default(), &dir).unwrap();
    assert_eq!(repaired.describe().await.unwrap().name, "sparkBotWhatsApp");
    assert!(
        std::fs::metadata(&artifacts[0]).unwrap().len() > 1000,
        "the damaged artifact was replaced"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
