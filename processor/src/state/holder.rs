//! What an account's holder name says about the account: the name its payers see when they pay it.

/// Words that name a storefront in a holder name: a shop (…店: 便利店, 金店, 周大福(滨江店)), a
/// restaurant (…馆), a jeweller (珠宝, 金行, 银楼), a supermarket, a mall, a pharmacy, a petrol
/// station, a trading house (商行).
const STOREFRONT_WORDS: [&str; 10] = [
    "店",
    "馆",
    "珠宝",
    "金行",
    "银楼",
    "超市",
    "商场",
    "药房",
    "加油站",
    "商行",
];

/// The same in names written in Latin letters, compared as lower-case words.
const STOREFRONT_WORDS_LATIN: [&str; 5] = ["store", "shop", "mart", "jewellery", "jewelry"];

/// Whether `name` is a storefront's: a shop, restaurant or jeweller that sells to whoever walks
/// in. A person's name (two to four characters, or Latin words without a shop word) is not, and
/// neither is a company (…有限公司) without a shop word: a shell company is the corporate mule a
/// fake investment's victims pay, a shop is where launderers buy gold and phones.
pub fn is_storefront(name: &str) -> bool {
    let name = name.trim();
    if name.chars().count() < 3 {
        return false;
    }
    if STOREFRONT_WORDS.iter().any(|w| name.contains(w)) {
        return true;
    }
    name.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
        STOREFRONT_WORDS_LATIN
            .iter()
            .any(|s| w.eq_ignore_ascii_case(s))
    })
}

#[cfg(test)]
mod tests {
    use super::is_storefront;

    #[test]
    fn shops_restaurants_and_jewellers_are_storefronts() {
        for name in [
            "周大福(滨江店)",
            "小米之家(万达店)",
            "老凤祥(江南店)",
            "朱记便利店",
            "何记面馆",
            "隆盛黄金珠宝",
            "厦门銮亿连锁超市",
            "赵记药房",
            "莱阳鑫源加油站",
            "******店",
            "Corner Store",
            "JOHN'S SHOP",
        ] {
            assert!(is_storefront(name), "{name}");
        }
    }

    #[test]
    fn people_and_companies_are_not() {
        for name in [
            "罗磊",
            "欧阳娜娜",
            "孔刚",
            "厦门市金盛科技有限公司",
            "广州市泰晟电子商务有限公司",
            "国家安全账户",
            "John Smith",
            "Shopkins Ltd", // a word that starts like one is not one
            "店",
            "",
        ] {
            assert!(!is_storefront(name), "{name}");
        }
    }
}
