use super::*;

#[test]
fn the_node_is_told_a_slightly_earlier_deadline() {
    assert_eq!(guest_deadline_ms(Duration::from_secs(60)), 59_000);
    assert_eq!(guest_deadline_ms(Duration::from_secs(2)), 1_800);
    assert_eq!(guest_deadline_ms(Duration::ZERO), 1);
}
