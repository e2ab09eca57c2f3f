//! The model's inputs: a row of features as the numbers a model reads.

use super::Row;
use fanzha_rules::{Schema, Type, Value};

/// The model's view of a row: every numeric and boolean feature except the model's own score, as
/// f64 in schema order. Money as ln(1 + yuan), durations in minutes, booleans 0/1, missing 0 (a
/// missing value is itself informative and the model learns it as 0).
pub struct ModelInputs {
    pub names: Vec<&'static str>,
    slots: Vec<(usize, Type)>,
}

impl ModelInputs {
    pub fn new(schema: &Schema) -> Self {
        let mut names = Vec::new();
        let mut slots = Vec::new();
        for (i, f) in schema.fields().iter().enumerate() {
            if f.name.starts_with("model.") || matches!(f.ty, Type::Str) || f.name == "event.hour" {
                continue;
            }
            names.push(f.name);
            slots.push((i, f.ty));
        }
        ModelInputs { names, slots }
    }

    /// Writes the inputs of `row` into `out` (len = names.len()); allocates nothing.
    pub fn fill(&self, row: &Row<'_>, out: &mut [f64]) {
        for (o, (slot, ty)) in out.iter_mut().zip(&self.slots) {
            *o = match (row[*slot], ty) {
                (Value::Missing, _) => 0.0,
                (Value::Bool(b), _) => b as u8 as f64,
                (Value::Int(v), Type::Money) => (1.0 + v.max(0) as f64 / 100.0).ln(),
                (Value::Int(v), Type::Duration) => v as f64 / 60_000.0,
                (Value::Int(v), _) => v as f64,
                (Value::Float(v), _) => v.clamp(-1e6, 1e6),
                (Value::Str(_), _) => 0.0,
            };
        }
    }
}
