//! The people of the world: phones, accounts, banks, names, regions, contacts, payees and habits,
//! plus the other numbers that call them (couriers, telemarketers, landlines, bank service lines).

use crate::emit::{chance, lognormal, weighted, Acc};
use crate::GenConfig;
use rand::seq::SliceRandom;
use rand::Rng;

/// Bank code, card BIN and card-number length.
pub const BANKS: [(&str, &str, usize); 12] = [
    ("ICBC", "622202", 19),
    ("CCB", "621700", 19),
    ("ABC", "622848", 19),
    ("BOC", "621661", 19),
    ("CMB", "621483", 16),
    ("BOCOM", "622260", 19),
    ("PSBC", "621799", 19),
    ("CIB", "622909", 18),
    ("SPDB", "622521", 16),
    ("CITIC", "621771", 16),
    ("PAB", "623058", 19),
    ("CEB", "622660", 16),
];
const BANK_W: [f64; 12] = [
    18.0, 16.0, 15.0, 11.0, 9.0, 6.0, 9.0, 4.0, 3.0, 3.0, 3.0, 3.0,
];

/// Banks' official service lines (they call customers; they are on the `allow` list).
pub const SERVICE_LINES: [(&str, &str); 7] = [
    ("95588", "ICBC"),
    ("95533", "CCB"),
    ("95599", "ABC"),
    ("95566", "BOC"),
    ("95555", "CMB"),
    ("95559", "BOCOM"),
    ("95580", "PSBC"),
];

pub const REGIONS: [&str; 24] = [
    "110105", "110108", "310115", "310104", "440305", "440106", "440304", "330106", "320102",
    "510107", "420106", "370602", "370600", "350206", "610113", "430104", "410105", "120101",
    "500103", "210102", "340104", "360102", "450103", "530102",
];
/// Countries scam centres and families abroad call from: (dial prefix, region code).
pub const ABROAD: [(&str, &str); 10] = [
    ("+1", "US"),
    ("+44", "GB"),
    ("+61", "AU"),
    ("+81", "JP"),
    ("+65", "SG"),
    ("+852", "HK"),
    ("+855", "KH"),
    ("+95", "MM"),
    ("+63", "PH"),
    ("+66", "TH"),
];

const SURNAMES: &str =
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程";
const GIVEN: [&str; 40] = [
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "华", "建国", "志强", "海燕", "婷", "鹏",
    "晨", "雪梅", "子轩", "浩然", "欣怡", "梓涵", "宇航", "玉兰", "国庆", "春花", "文博",
];
const CITIES: [&str; 12] = [
    "深圳市",
    "广州市",
    "杭州市",
    "上海",
    "北京",
    "成都市",
    "武汉市",
    "东莞市",
    "厦门市",
    "南宁市",
    "昆明市",
    "郑州市",
];
const FIRM_WORDS: [&str; 16] = [
    "鑫达", "恒通", "宏远", "聚源", "瑞丰", "金盛", "汇成", "华信", "佳和", "腾达", "永辉", "盛世",
    "天润", "博远", "中科", "优品",
];
const FIRM_KINDS: [&str; 8] = [
    "商贸有限公司",
    "科技有限公司",
    "实业有限公司",
    "网络科技有限公司",
    "贸易有限公司",
    "信息咨询有限公司",
    "装饰工程有限公司",
    "电子商务有限公司",
];
const SHOPS: [&str; 10] = [
    "便利店",
    "超市",
    "面馆",
    "水果店",
    "餐厅",
    "烧烤",
    "药房",
    "五金店",
    "奶茶店",
    "理发店",
];

pub const MERCHANT: u32 = 1;
pub const FAMILY_ABROAD: u32 = 1 << 1;
pub const BANK_BUYER: u32 = 1 << 2;
pub const RENOVATOR: u32 = 1 << 3;
pub const MOVER: u32 = 1 << 4;
pub const SELLER: u32 = 1 << 5;
pub const SWEEPER: u32 = 1 << 6;
pub const INVESTOR: u32 = 1 << 7;
pub const CALL_THEN_PAY: u32 = 1 << 8;
pub const LANDLORD: u32 = 1 << 9;
pub const INSURANCE_BUYER: u32 = 1 << 10;
pub const RICH: u32 = 1 << 11;
pub const SPLIT_PAYER: u32 = 1 << 12;

/// A regular counterparty: another person of the world or an outside account.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Party {
    Person(u32),
    Ext(u32),
}

pub struct Person {
    pub name: String,
    /// Shop name shown to payers, for merchants.
    pub shop: Option<String>,
    pub phone: String,
    pub virtual_phone: bool,
    pub account: String,
    pub bank: &'static str,
    pub device: String,
    pub ip: String,
    pub region: &'static str,
    pub contacts: Vec<u32>,
    pub payees: Vec<Party>,
    pub merchants: Vec<u32>,
    pub landlord: Option<Party>,
    pub rent_fen: i64,
    pub own_other: Option<Acc>,
    pub abroad: Option<(String, &'static str)>,
    pub brokerage: Option<u32>,
    pub suppliers: Vec<u32>,
    pub txn_rate: f64,
    pub amt_median: f64,
    pub amt_cap: f64,
    pub call_rate: f64,
    pub receives_calls: bool,
    pub traits: u32,
    /// The day of the period a once-only habit happens.
    pub once_day: u32,
}

impl Person {
    pub fn has(&self, t: u32) -> bool {
        self.traits & t != 0
    }
    pub fn as_acc(&self) -> Acc {
        Acc {
            account: self.account.clone(),
            bank: self.bank,
            name: self.shop.clone().unwrap_or_else(|| self.name.clone()),
        }
    }
}

pub struct Company {
    pub acc: Acc,
    pub employees_from: u32,
    pub employees: u32,
    pub payday: u32,
    pub salary_median: f64,
}

/// Makes unique phone numbers and account numbers from one running counter.
#[derive(Default)]
pub struct Numbering {
    next: u64,
}

impl Numbering {
    fn bump(&mut self) -> u64 {
        self.next += 1;
        self.next
    }
    /// A mobile number with one of the usual prefixes, or a 170/171 virtual-operator number.
    pub fn phone<R: Rng>(&mut self, rng: &mut R, virtual_op: bool) -> String {
        const P: [&str; 26] = [
            "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151",
            "152", "153", "155", "156", "157", "158", "159", "180", "181", "186", "187", "188",
            "189", "199",
        ];
        let prefix = if virtual_op {
            ["170", "171"][rng.gen_range(0..2)]
        } else {
            P[rng.gen_range(0..P.len())]
        };
        let n = self.bump();
        format!("{prefix}{:08}", (n * 7_919_003 + 12_345_671) % 100_000_000)
    }
    /// A bank card number at `bank` (16–19 digits).
    pub fn account(&mut self, bank: &str) -> String {
        let (_, bin, len) = BANKS
            .iter()
            .find(|b| b.0 == bank)
            .copied()
            .unwrap_or(BANKS[0]);
        let digits = (len - 6) as u32;
        let n = self.bump();
        let m = 10u64.pow(digits);
        let v = (n as u128 * 2_654_435_761 + 1_234_567) % m as u128;
        format!("{bin}{:0w$}", v, w = digits as usize)
    }
    pub fn landline<R: Rng>(&mut self, rng: &mut R) -> String {
        const AREA: [&str; 8] = ["010", "021", "0755", "020", "0571", "028", "027", "0535"];
        let n = self.bump();
        format!(
            "{}{:08}",
            AREA[rng.gen_range(0..AREA.len())],
            (n * 3_331 + 20_000_000) % 100_000_000
        )
    }
    pub fn voip(&mut self) -> String {
        format!("9501{:07}", (self.bump() * 7_771) % 10_000_000)
    }
    pub fn international<R: Rng>(&mut self, rng: &mut R) -> (String, &'static str) {
        let (p, r) = ABROAD[rng.gen_range(0..ABROAD.len())];
        (
            format!(
                "{p}{:09}",
                (self.bump() * 104_729 + 300_000_000) % 1_000_000_000
            ),
            r,
        )
    }
}

pub fn bank<R: Rng>(rng: &mut R) -> &'static str {
    BANKS[weighted(rng, &BANK_W)].0
}

pub fn person_name<R: Rng>(rng: &mut R) -> String {
    let s: Vec<char> = SURNAMES.chars().collect();
    format!(
        "{}{}",
        s[rng.gen_range(0..s.len())],
        GIVEN[rng.gen_range(0..GIVEN.len())]
    )
}

pub fn firm_name<R: Rng>(rng: &mut R) -> String {
    format!(
        "{}{}{}",
        CITIES[rng.gen_range(0..CITIES.len())],
        FIRM_WORDS[rng.gen_range(0..FIRM_WORDS.len())],
        FIRM_KINDS[rng.gen_range(0..FIRM_KINDS.len())]
    )
}

/// A fresh outside account held by a person or a firm.
pub fn fresh_acc<R: Rng>(rng: &mut R, num: &mut Numbering, firm: bool) -> Acc {
    let bank = bank(rng);
    Acc {
        account: num.account(bank),
        bank,
        name: if firm {
            firm_name(rng)
        } else {
            person_name(rng)
        },
    }
}

pub struct World {
    pub persons: Vec<Person>,
    pub ext: Vec<Acc>,
    pub merchants: Vec<u32>,
    pub sellers: Vec<u32>,
    /// Who receives calls at all (some people never do in the period).
    pub receivers: Vec<u32>,
    pub companies: Vec<Company>,
    pub couriers: Vec<String>,
    pub telemarketers: Vec<String>,
    pub wangiri: Vec<(String, &'static str)>,
    pub landlines: Vec<(String, &'static str)>,
    pub insurers: Vec<u32>,
    pub num: Numbering,
    pub start_ms: i64,
    pub days: u32,
}

impl World {
    pub fn build<R: Rng>(cfg: &GenConfig, rng: &mut R) -> World {
        let n = cfg.persons;
        let days = cfg.days.max(1);
        let mut num = Numbering::default();
        let mut ext: Vec<Acc> = Vec::new();
        let mut persons = Vec::with_capacity(n);
        const TRAITS: [(u32, f64); 12] = [
            (MERCHANT, 0.03),
            (FAMILY_ABROAD, 0.02),
            (BANK_BUYER, 0.025),
            (RENOVATOR, 0.01),
            (MOVER, 0.01),
            (SELLER, 0.02),
            (SWEEPER, 0.03),
            (INVESTOR, 0.015),
            (CALL_THEN_PAY, 0.01),
            (LANDLORD, 0.02),
            (INSURANCE_BUYER, 0.005),
            (SPLIT_PAYER, 0.01),
        ];
        for i in 0..n {
            let virtual_phone = chance(rng, 0.04);
            let bank = bank(rng);
            let region_ix = (i * REGIONS.len() / n.max(1)
                + if chance(rng, 0.1) {
                    rng.gen_range(0..REGIONS.len())
                } else {
                    0
                })
                % REGIONS.len();
            let mut traits = 0;
            for (t, p) in TRAITS {
                if chance(rng, p) {
                    traits |= t;
                }
            }
            if chance(rng, 0.02) || traits & (BANK_BUYER | MOVER) != 0 && chance(rng, 0.5) {
                traits |= RICH;
            }
            let rich = traits & RICH != 0;
            let amt_median = if rich {
                lognormal(rng, 3_000.0, 0.8, 500.0, 20_000.0)
            } else {
                lognormal(rng, 150.0, 0.9, 20.0, 3_000.0)
            };
            let name = person_name(rng);
            let shop = (traits & MERCHANT != 0).then(|| {
                format!(
                    "{}记{}",
                    &name.chars().next().unwrap_or('王'),
                    SHOPS[rng.gen_range(0..SHOPS.len())]
                )
            });
            persons.push(Person {
                phone: num.phone(rng, virtual_phone),
                virtual_phone,
                account: num.account(bank),
                bank,
                device: format!("dev-{:08x}", rng.gen::<u32>()),
                ip: format!(
                    "{}.{}.{}.{}",
                    [36, 58, 61, 111, 112, 113, 117, 119, 120, 183][rng.gen_range(0..10)],
                    rng.gen_range(0..256),
                    rng.gen_range(0..256),
                    rng.gen_range(1..255)
                ),
                region: REGIONS[region_ix],
                contacts: Vec::new(),
                payees: Vec::new(),
                merchants: Vec::new(),
                landlord: None,
                rent_fen: 0,
                own_other: None,
                abroad: None,
                brokerage: None,
                suppliers: Vec::new(),
                txn_rate: lognormal(rng, 1.2, 0.6, 0.05, 4.0),
                amt_median,
                amt_cap: if rich { 200_000.0 } else { 20_000.0 },
                call_rate: rng.gen_range(1.5..5.0),
                receives_calls: chance(rng, 0.94),
                traits,
                once_day: rng.gen_range(0..days),
                name,
                shop,
            });
        }
        let merchants: Vec<u32> = (0..n as u32)
            .filter(|&i| persons[i as usize].has(MERCHANT))
            .collect();
        let sellers: Vec<u32> = (0..n as u32)
            .filter(|&i| persons[i as usize].has(SELLER))
            .collect();
        let landlords: Vec<u32> = (0..n as u32)
            .filter(|&i| persons[i as usize].has(LANDLORD))
            .collect();
        let receivers: Vec<u32> = (0..n as u32)
            .filter(|&i| persons[i as usize].receives_calls)
            .collect();
        let insurers: Vec<u32> = (0..3)
            .map(|_| {
                ext.push(Acc {
                    name: [
                        "中国人寿保险股份有限公司",
                        "平安人寿保险股份有限公司",
                        "太平洋人寿保险股份有限公司",
                    ][ext.len() % 3]
                        .to_string(),
                    ..fresh_acc(rng, &mut num, true)
                });
                ext.len() as u32 - 1
            })
            .collect();
        #[allow(clippy::needless_range_loop)] // i is also who the person is (contacts nearby)
        for i in 0..n {
            let near = |rng: &mut R| -> u32 {
                let lo = i.saturating_sub(150);
                let hi = (i + 150).min(n - 1);
                let mut j = rng.gen_range(lo..=hi);
                if j == i {
                    j = (i + 1) % n;
                }
                j as u32
            };
            let k = rng.gen_range(5..16).min(n.saturating_sub(1));
            let mut contacts = Vec::with_capacity(k);
            for _ in 0..k {
                contacts.push(if chance(rng, 0.7) {
                    near(rng)
                } else {
                    rng.gen_range(0..n as u32)
                });
            }
            contacts.retain(|&c| c as usize != i);
            let mut payees = Vec::new();
            for &c in contacts.iter().take(rng.gen_range(1..4)) {
                payees.push(Party::Person(c));
            }
            if chance(rng, 0.4) {
                ext.push(fresh_acc(rng, &mut num, false));
                payees.push(Party::Ext(ext.len() as u32 - 1));
            }
            let p = &mut persons[i];
            p.contacts = contacts;
            p.payees = payees;
            if !merchants.is_empty() {
                for _ in 0..rng.gen_range(3..9) {
                    let u: f64 = rng.gen();
                    let m = merchants[((u * u) * merchants.len() as f64) as usize];
                    if m as usize != i {
                        p.merchants.push(m);
                    }
                }
            }
            if chance(rng, 0.3) {
                p.landlord = if !landlords.is_empty() && chance(rng, 0.5) {
                    landlords
                        .choose(rng)
                        .map(|&l| Party::Person(l))
                        .filter(|l| *l != Party::Person(i as u32))
                } else {
                    ext.push(fresh_acc(rng, &mut num, false));
                    Some(Party::Ext(ext.len() as u32 - 1))
                };
                let yuan = lognormal(rng, 3_000.0, 0.4, 1_500.0, 8_000.0);
                p.rent_fen = crate::emit::money(rng, yuan) / 10_000 * 10_000;
            }
            if p.traits & (SWEEPER | MOVER) != 0 || chance(rng, 0.2) {
                let mut b = bank(rng);
                if b == p.bank {
                    b = BANKS[(BANKS.iter().position(|x| x.0 == b).unwrap_or(0) + 1) % BANKS.len()]
                        .0;
                }
                p.own_other = Some(Acc {
                    account: num.account(b),
                    bank: b,
                    name: p.name.clone(),
                });
            }
            if p.has(FAMILY_ABROAD) {
                p.abroad = Some(num.international(rng));
            }
            if p.has(INVESTOR) {
                ext.push(Acc {
                    name: format!(
                        "{}证券股份有限公司",
                        FIRM_WORDS[rng.gen_range(0..FIRM_WORDS.len())]
                    ),
                    ..fresh_acc(rng, &mut num, true)
                });
                p.brokerage = Some(ext.len() as u32 - 1);
            }
            if p.has(MERCHANT) {
                for _ in 0..rng.gen_range(2..5) {
                    ext.push(fresh_acc(rng, &mut num, true));
                    p.suppliers.push(ext.len() as u32 - 1);
                }
            }
        }
        let mut companies = Vec::new();
        let n_comp = if n >= 60 { (n / 800).max(1) } else { 0 };
        for _ in 0..n_comp {
            let size = rng.gen_range(50..=300).min(n as u32);
            companies.push(Company {
                acc: fresh_acc(rng, &mut num, true),
                employees_from: rng.gen_range(0..=(n as u32 - size)),
                employees: size,
                payday: rng.gen_range(0..days),
                salary_median: lognormal(rng, 8_000.0, 0.3, 4_000.0, 20_000.0),
            });
        }
        let couriers = (0..n / 250 + 2).map(|_| num.phone(rng, true)).collect();
        let telemarketers = (0..n / 600 + 2).map(|_| num.voip()).collect();
        let wangiri = (0..n / 1000 + 2).map(|_| num.international(rng)).collect();
        let landlines = (0..n / 50 + 5)
            .map(|_| (num.landline(rng), REGIONS[rng.gen_range(0..REGIONS.len())]))
            .collect();
        World {
            persons,
            ext,
            merchants,
            sellers,
            receivers,
            companies,
            couriers,
            telemarketers,
            wangiri,
            landlines,
            insurers,
            num,
            start_ms: cfg.start_ms,
            days,
        }
    }

    pub fn party_acc(&self, p: Party) -> Acc {
        match p {
            Party::Person(i) => self.persons[i as usize].as_acc(),
            Party::Ext(i) => self.ext[i as usize].clone(),
        }
    }

    pub fn day_start(&self, day: u32) -> i64 {
        self.start_ms + day as i64 * crate::emit::DAY_MS
    }
}
