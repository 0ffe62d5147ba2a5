//! Gradient-boosted tree ensembles as data: the raw score of a row (base plus one leaf value a tree, added in tree
//! order, so the float is the one the Python walk made) and the per-feature contributions along each tree's path
//! (Saabas), with the same additions in the same order. The features are whatever the Python side defines.

pub struct Tree {
    feature: Vec<i64>, // < 0 at a leaf
    threshold: Vec<f64>,
    left: Vec<usize>,
    right: Vec<usize>,
    value: Vec<f64>,
}

pub struct Ensemble {
    trees: Vec<Tree>,
    base: f64,
    features: usize,
}

impl Tree {
    /// Checked once, so that no walk can index out of range or loop: every split names a feature below
    /// `features` and two nodes of the tree, and every node is reached once from the root.
    pub fn new(feature: Vec<i64>, threshold: Vec<f64>, left: Vec<i64>, right: Vec<i64>, value: Vec<f64>,
               features: usize) -> Result<Self, String> {
        let n = feature.len();
        if n == 0 || threshold.len() != n || left.len() != n || right.len() != n || value.len() != n {
            return Err("a tree's arrays must be non-empty and of one length".into());
        }
        let mut seen = vec![false; n];
        let mut stack = vec![0usize];
        let (mut lefts, mut rights) = (vec![0usize; n], vec![0usize; n]);
        while let Some(node) = stack.pop() {
            if seen[node] {
                return Err(format!("node {node} is reached twice: not a tree"));
            }
            seen[node] = true;
            if feature[node] < 0 {
                continue;
            }
            if feature[node] as usize >= features {
                return Err(format!("node {node} splits on feature {} of {features}", feature[node]));
            }
            for (child, slot) in [(left[node], &mut lefts[node]), (right[node], &mut rights[node])] {
                if child < 0 || child as usize >= n {
                    return Err(format!("node {node} has child {child} outside the tree"));
                }
                *slot = child as usize;
                stack.push(child as usize);
            }
        }
        Ok(Tree { feature, threshold, left: lefts, right: rights, value })
    }
}

impl Ensemble {
    pub fn new(trees: Vec<Tree>, base: f64, features: usize) -> Self {
        Ensemble { trees, base, features }
    }

    pub fn features(&self) -> usize {
        self.features
    }

    /// `base + sum(leaf values)`; `x` must have `features` values.
    pub fn raw(&self, x: &[f64]) -> f64 {
        let mut s = self.base;
        for tree in &self.trees {
            let mut node = 0;
            while tree.feature[node] >= 0 {
                node = if x[tree.feature[node] as usize] <= tree.threshold[node] {
                    tree.left[node]
                } else {
                    tree.right[node]
                };
            }
            s += tree.value[node];
        }
        s
    }

    /// Adds each split's change of raw score to `acc[2 * feature + side]` (side 1: the row took the high branch).
    pub fn contributions(&self, x: &[f64], acc: &mut [f64]) {
        for tree in &self.trees {
            let mut node = 0;
            while tree.feature[node] >= 0 {
                let feature = tree.feature[node] as usize;
                if x[feature] <= tree.threshold[node] {
                    let child = tree.left[node];
                    acc[2 * feature] += tree.value[child] - tree.value[node];
                    node = child;
                } else {
                    let child = tree.right[node];
                    acc[2 * feature + 1] += tree.value[child] - tree.value[node];
                    node = child;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stump(feature: i64, threshold: f64, low: f64, high: f64) -> Tree {
        Tree::new(vec![feature, -1, -1], vec![threshold, 0.0, 0.0], vec![1, -1, -1], vec![2, -1, -1],
                  vec![0.5, low, high], 2).unwrap()
    }

    #[test]
    fn raw_score_and_contributions() {
        let model = Ensemble::new(vec![stump(0, 1.0, -1.0, 2.0), stump(1, 0.5, 0.25, 0.75)], 0.1, 2);
        assert_eq!(model.raw(&[1.0, 0.6]), 0.1 + -1.0 + 0.75);
        let mut acc = vec![0.0; 4];
        model.contributions(&[3.0, 0.0], &mut acc);
        assert_eq!(acc, vec![0.0, 2.0 - 0.5, 0.25 - 0.5, 0.0]);
        assert_eq!(model.raw(&[f64::NAN, f64::NAN]), 0.1 + 2.0 + 0.75); // NaN <= t is false: the high branch
    }

    #[test]
    fn malformed_trees_are_refused() {
        assert!(Tree::new(vec![0, 0], vec![0.0; 2], vec![1, 0], vec![1, 0], vec![0.0; 2], 1).is_err());
        assert!(Tree::new(vec![3, -1, -1], vec![0.0; 3], vec![1, -1, -1], vec![2, -1, -1], vec![0.0; 3], 2).is_err());
        assert!(Tree::new(vec![0, -1], vec![0.0; 2], vec![1, -1], vec![5, -1], vec![0.0; 2], 1).is_err());
        assert!(Tree::new(vec![], vec![], vec![], vec![], vec![], 1).is_err());
    }
}
