//! Card tests (测卡): a gang that buys or rents a card sends it ¥0.01, ¥0.10 or ¥1 from one of
//! its own accounts to see that it works before giving it out to victims. fanzha remembers, per
//! account, the latest two transfers of ¥1 or less it received and from whom; once the sender is
//! known as a mule (frozen or listed), the tested card is one of its cards. Easy to evade (a test
//! of ¥1.01, or from a card never listed): it finds the gangs that do not bother.

use super::recent::insert_by_time;
use super::ring::Secs;
use fanzha_contract::Transaction;

/// The most a test moves (fen): ¥1.
pub const CARD_TEST_MAX_FEN: i64 = 100;
/// A test is remembered this long (seconds): a gang hands a tested card out within days.
pub const CARD_TEST_MEMORY_S: u32 = 3 * 86_400;

/// How many tests an account keeps: a second ¥0.01 from someone else (a platform verifying the
/// card, a gang's clean account) does not wipe out a mule's test.
pub const TESTS_KEPT: usize = 2;

/// The latest tests an account received (sender key, event time), newest first; a test arriving
/// late (events come a few seconds out of order) takes its place by time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CardTests {
    tests: [(u64, Secs); TESTS_KEPT],
}

impl CardTests {
    /// Notes a test from `tester` at `at`; the same sender's earlier test gives way to it.
    pub fn note(&mut self, tester: u64, at: Secs) {
        if let Some(own) = self
            .tests
            .iter()
            .position(|&(t, when)| when != 0 && t == tester)
        {
            self.tests.copy_within(own + 1.., own);
            self.tests[TESTS_KEPT - 1] = (0, 0);
        }
        insert_by_time(&mut self.tests, (tester, at.max(1)), |t| t.1);
    }

    /// The senders of the tests remembered at `now` (none before they happened).
    pub fn testers_at(&self, now: Secs) -> impl Iterator<Item = u64> + '_ {
        self.tests
            .iter()
            .filter(move |&&(_, at)| at != 0 && at <= now && at + CARD_TEST_MEMORY_S > now)
            .map(|&(t, _)| t)
    }

    /// When the latest test was received (0 for none): the table forgets the account
    /// [`CARD_TEST_MEMORY_S`] after it.
    pub fn latest(&self) -> Secs {
        self.tests[0].1
    }
}

/// Whether `t` is a test of its payee's card: ¥1 or less, from another account, by app, online
/// banking or a payment app (a cash withdrawal of small change books to the ATM's account).
pub fn is_card_test(t: &Transaction) -> bool {
    (1..=CARD_TEST_MAX_FEN).contains(&t.amount_fen)
        && t.payer_account != t.payee_account
        && super::devices::own_device(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fanzha_contract::Channel;

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
        let mut t = CardTests::default();
        t.note(7, 1_000);
        let at = |now| t.testers_at(now).collect::<Vec<_>>();
        assert_eq!(at(1_000), vec![7]);
        assert_eq!(at(1_000 + CARD_TEST_MEMORY_S - 1), vec![7]);
        assert!(at(1_000 + CARD_TEST_MEMORY_S).is_empty());
        assert!(at(999).is_empty(), "not before it happened");
    }

    #[test]
    fn a_second_credit_does_not_wipe_out_a_mules_test() {
        let mut t = CardTests::default();
        t.note(7, 1_000); // the gang's test
        t.note(8, 1_060); // a platform verifying the card a minute later
        assert_eq!(t.testers_at(2_000).collect::<Vec<_>>(), vec![8, 7]);
        // a third sender pushes the oldest out
        t.note(9, 1_120);
        assert_eq!(t.testers_at(2_000).collect::<Vec<_>>(), vec![9, 8]);
        assert_eq!(t.latest(), 1_120);
    }

    #[test]
    fn a_test_arriving_late_takes_its_place_by_time() {
        let mut t = CardTests::default();
        t.note(8, 1_060);
        t.note(9, 1_120);
        t.note(7, 1_000); // older than both, arrives last: kept out
        assert_eq!(t.testers_at(2_000).collect::<Vec<_>>(), vec![9, 8]);
        // the same sender again: one entry, the newer time
        t.note(8, 1_200);
        assert_eq!(t.testers_at(2_000).collect::<Vec<_>>(), vec![8, 9]);
    }
}
