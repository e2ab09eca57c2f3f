//! Card tests (测卡): a gang that buys or rents a card sends it ¥0.01, ¥0.10 or ¥1 from one of
//! its own accounts to see that it works before giving it out to victims. fanzha remembers, per
//! account, the latest transfer of ¥1 or less it received and from whom; once the sender is
//! known as a mule (frozen or listed), the tested card is one of its cards.

use super::ring::Secs;
use fanzha_contract::{Channel, Transaction};

/// The most a test moves (fen): ¥1.
pub const CARD_TEST_MAX_FEN: i64 = 100;
/// A test is remembered this long (seconds): a gang hands a tested card out within days.
pub const CARD_TEST_MEMORY_S: u32 = 3 * 86_400;

/// The latest test an account received.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CardTest {
    /// Key of the account that sent it.
    pub tester: u64,
    pub at: Secs,
}

impl CardTest {
    /// The tester, while the test is remembered at `now`.
    pub fn tester_at(&self, now: Secs) -> Option<u64> {
        (self.at + CARD_TEST_MEMORY_S > now && self.at <= now).then_some(self.tester)
    }
}

/// Whether `t` is a test of its payee's card: ¥1 or less, from another account, by app, online
/// banking or a payment app (a cash withdrawal of small change books to the ATM's account).
pub fn is_card_test(t: &Transaction) -> bool {
    (1..=CARD_TEST_MAX_FEN).contains(&t.amount_fen)
        && t.payer_account != t.payee_account
        && matches!(
            t.channel,
            Channel::MobileApp | Channel::OnlineBanking | Channel::ThirdParty
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transfer(amount_fen: i64, channel: Channel) -> Transaction {
        Transaction {
            txn_id: "T".into(),
            payer_account: "M1".into(),
            payer_bank: "ABC".into(),
            payer_phone: None,
            payee_account: "C1".into(),
            payee_bank: "CCB".into(),
            payee_name: None,
            amount_fen,
            currency: None,
            channel,
            device_id: None,
            ip: None,
        }
    }

    #[test]
    fn a_yuan_or_less_by_app_is_a_test() {
        for fen in [1, 10, 99, 100] {
            assert!(is_card_test(&transfer(fen, Channel::MobileApp)), "{fen}");
        }
        assert!(is_card_test(&transfer(1, Channel::OnlineBanking)));
        assert!(is_card_test(&transfer(1, Channel::ThirdParty)));
    }

    #[test]
    fn more_than_a_yuan_cash_and_own_accounts_are_not() {
        assert!(!is_card_test(&transfer(101, Channel::MobileApp)));
        assert!(!is_card_test(&transfer(0, Channel::MobileApp)));
        assert!(!is_card_test(&transfer(95, Channel::Atm)));
        assert!(!is_card_test(&transfer(50, Channel::Pos)));
        let mut own = transfer(1, Channel::MobileApp);
        own.payee_account = own.payer_account.clone();
        assert!(!is_card_test(&own));
    }

    #[test]
    fn a_test_is_remembered_three_days() {
        let t = CardTest {
            tester: 7,
            at: 1_000,
        };
        assert_eq!(t.tester_at(1_000), Some(7));
        assert_eq!(t.tester_at(1_000 + CARD_TEST_MEMORY_S - 1), Some(7));
        assert_eq!(t.tester_at(1_000 + CARD_TEST_MEMORY_S), None);
        assert_eq!(t.tester_at(999), None, "not before it happened");
    }
}
