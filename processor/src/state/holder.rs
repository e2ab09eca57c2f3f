//! What an account's holder name says about the account: the name its payers see when they pay it.

/// Words that name a storefront in a holder name: a shop (…店: 便利店, 金店, 周大福(滨江店)), a
/// restaurant (…馆, 餐厅, 酒楼), a jeweller (珠宝, 黄金, 金行, 银楼), a supermarket or department
/// store, a mall, a pharmacy, a petrol station, a phone or electronics shop (通讯, 数码, 电器,
/// 小米之家). Not 商行, 经营部 or 门市部: the names a shell sole proprietorship is registered under.
const STOREFRONT_WORDS: [&str; 17] = [
    "店",
    "馆",
    "餐厅",
    "酒楼",
    "珠宝",
    "黄金",
    "金行",
    "银楼",
    "超市",
    "百货",
    "商场",
    "药房",
    "加油站",
    "通讯",
    "数码",
    "电器",
    "之家",
];

/// The same in names written in Latin letters, compared as lower-case words.
const STOREFRONT_WORDS_LATIN: [&str; 5] = ["store", "shop", "mart", "jewellery", "jewelry"];

/// Whether `name` is a storefront's: a shop, restaurant or jeweller that sells to whoever walks
/// in. A person's name is not (two to four characters: 陈金行 and 刘店生 are people, so a
/// storefront name has four characters or more), and neither is a company's (…公司, even a
/// 酒店管理有限公司): a shell company is the corporate mule a fake investment's victims pay, a shop
/// is where launderers buy gold and phones.
pub fn is_storefront(name: &str) -> bool {
    let name = name.trim();
    if name.chars().count() < 4 || name.contains("公司") {
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
            "华强通讯",
            "周六福黄金",
            "福满楼酒楼",
            "万家福百货",
            "Corner Store",
            "Kwik Mart",
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
            "陈金行",
            "刘店生",
            "**店",
            "鑫源商行",
            "诚信手机经营部",
            "深圳市鹏城酒店管理有限公司",
            "永辉超市股份有限公司",
            "John Smith",
            "Shopkins Ltd", // a word that starts like one is not one
            "店",
            "",
        ] {
            assert!(!is_storefront(name), "{name}");
        }
    }
}
