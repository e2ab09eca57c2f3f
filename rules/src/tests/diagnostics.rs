use super::*;

#[test]
fn smoke() {
    let d = cond_err("txn.amout_fen > ¥10,000 && call.active");
    println!("{d}");
    let d = cond_err("txn.amount_fen > 10000 && call.active");
    println!("{d}");
    let d = cond_err("|\n      txn.amount_fen > ¥1 &&\n      caler.kind == \"x\"");
    println!("{d}");
    let d = cond_err("'txn.amount_fen > ¥1 && !(caller.kind in [virtual, voip])'");
    println!("{d}");
    panic!();
}
