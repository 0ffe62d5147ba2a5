//! A linear model over counted n-grams (the MT likelihood model of `scorers/mt/likelihood.py`): each n-gram of the
//! model has a family, an idf and a weight; a document's value of an n-gram is `idf x (1 + ln count)` (sublinear tf),
//! normalised by the L2 norm of its family's values, and its share of the decision is `weight x value / norm`. The
//! n-grams are whatever the scorer counts; the decision's use (calibration, thresholds) stays in Python.

use std::collections::HashMap;

/// `math.fsum`: the correctly rounded sum (CPython's algorithm: Shewchuk's partials, then half-even rounding across
/// them), so the order of the terms does not matter.
pub fn fsum(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut partials: Vec<f64> = Vec::new();
    let mut naive = 0.0;
    for value in values {
        naive += value;
        let mut x = value;
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                return naive; // an infinity or a NaN among the terms (the model's terms are finite)
            }
            partials.push(x);
        }
    }
    let mut n = partials.len();
    if n == 0 {
        return 0.0;
    }
    n -= 1;
    let mut hi = partials[n];
    let mut lo = 0.0;
    while n > 0 {
        let x = hi;
        n -= 1;
        let y = partials[n];
        hi = x + y;
        lo = y - (hi - x);
        if lo != 0.0 {
            break;
        }
    }
    if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
        let y = lo * 2.0;
        let x = hi + y;
        if y == x - hi {
            hi = x;
        }
    }
    hi
}

struct Feature {
    family: usize,
    idf: f64,
    weight: f64,
}

pub struct LinearModel {
    features: HashMap<String, Feature>,
    families: usize,
    bias: f64,
}

impl LinearModel {
    pub fn new(grams: Vec<String>, families: Vec<usize>, idf: Vec<f64>, weights: Vec<f64>, family_count: usize,
               bias: f64) -> Result<LinearModel, String> {
        if grams.len() != families.len() || grams.len() != idf.len() || grams.len() != weights.len() {
            return Err("the model's columns differ in length".into());
        }
        if families.iter().any(|&f| f >= family_count) {
            return Err("a feature names a family the model does not have".into());
        }
        let features = grams.into_iter().zip(families).zip(idf.into_iter().zip(weights))
            .map(|((gram, family), (idf, weight))| (gram, Feature { family, idf, weight })).collect();
        Ok(LinearModel { features, families: family_count, bias })
    }

    /// The decision and each n-gram of the model present in `counts` with its share (shares and bias sum to the
    /// decision). The families' squared norms are summed exactly, so the result does not depend on the order of
    /// `counts`.
    pub fn contributions<'a>(&self, counts: impl IntoIterator<Item = (&'a str, u64)>) -> (f64, Vec<(&'a str, f64)>) {
        let mut found: Vec<(&'a str, &Feature, f64)> = Vec::new();
        for (gram, count) in counts {
            if let Some(feature) = self.features.get(gram) {
                let value = if count == 1 { feature.idf } else { feature.idf * (1.0 + (count as f64).ln()) };
                found.push((gram, feature, value));
            }
        }
        if found.is_empty() {
            return (self.bias, Vec::new());
        }
        let norms: Vec<f64> = (0..self.families).map(|family| {
            let square = fsum(found.iter().filter(|f| f.1.family == family).map(|f| f.2 * f.2));
            let norm = square.sqrt();
            if norm == 0.0 { 1.0 } else { norm }
        }).collect();
        let shares: Vec<(&'a str, f64)> = found.iter()
            .map(|&(gram, feature, value)| (gram, feature.weight * value / norms[feature.family])).collect();
        (self.bias + fsum(shares.iter().map(|s| s.1)), shares)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fsum_is_exact_and_order_free() {
        assert_eq!(fsum([0.1; 10]), 1.0);
        assert_eq!(fsum([1e16, 1.0, 1e-16]), 10000000000000002.0);
        assert_eq!(fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]), 1e-100);
        assert_eq!(fsum(Vec::<f64>::new()), 0.0);
        let values = [0.3, -0.1, 2.5e-8, 7.0, -6.9999];
        let mut reversed = values;
        reversed.reverse();
        assert_eq!(fsum(values), fsum(reversed));
    }

    #[test]
    fn shares_sum_to_the_decision() {
        let model = LinearModel::new(vec!["a".into(), "b".into(), "fw:a".into()], vec![0, 0, 1],
                                     vec![1.0, 2.0, 0.5], vec![0.5, -1.0, 2.0], 2, 0.25).unwrap();
        let (decision, shares) = model.contributions([("a", 1), ("b", 3), ("fw:a", 2), ("zz", 9)]);
        assert_eq!(shares.len(), 3);
        let value_b = 2.0 * (1.0 + 3f64.ln());
        let norm = (1.0 + value_b * value_b).sqrt();
        assert_eq!(shares[0].1, 0.5 * 1.0 / norm);
        assert_eq!(shares[2].1, 2.0); // alone in its family: value / norm = 1
        assert_eq!(decision, 0.25 + fsum(shares.iter().map(|s| s.1)));
        assert_eq!(model.contributions([("zz", 1)]), (0.25, vec![]));
    }
}
