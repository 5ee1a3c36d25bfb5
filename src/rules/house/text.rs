//! Text measures for Vale's `metric` rules (words, sentences, syllables,
//! headings, lists…), the readability formulas, and the small arithmetic
//! their `formula` and `condition` are written in.

use std::collections::HashMap;

use unicode_segmentation::UnicodeSegmentation;

/// The variables a metric formula may use, all zero to begin with.
pub const VARIABLES: [&str; 16] = [
    "words",
    "sentences",
    "characters",
    "syllables",
    "polysyllabic_words",
    "complex_words",
    "long_words",
    "paragraphs",
    "pre",
    "list",
    "blockquote",
    "heading_h1",
    "heading_h2",
    "heading_h3",
    "heading_h4",
    "heading_h5",
];

/// Counts toward the metric variables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Measures(pub HashMap<&'static str, f64>);

impl Measures {
    pub fn add(&mut self, name: &'static str, amount: f64) {
        *self.0.entry(name).or_default() += amount;
    }

    pub fn merge(&mut self, other: &Measures) {
        for (name, value) in &other.0 {
            self.add(name, *value);
        }
    }

    /// Counts the prose of `text` (one paragraph or item).
    pub fn prose(text: &str) -> Measures {
        let mut measures = Measures::default();
        let sentences = text.unicode_sentences().filter(|s| s.chars().any(char::is_alphanumeric)).count();
        measures.add("sentences", sentences as f64);
        for word in text.unicode_words() {
            let syllables = syllables(word);
            measures.add("words", 1.0);
            measures.add("characters", word.chars().filter(|c| c.is_alphanumeric()).count() as f64);
            measures.add("syllables", syllables as f64);
            if syllables >= 3 {
                measures.add("polysyllabic_words", 1.0);
                if !word.contains('-') && !word.chars().next().is_some_and(char::is_uppercase) {
                    measures.add("complex_words", 1.0);
                }
            }
            if word.chars().count() > 6 {
                measures.add("long_words", 1.0);
            }
        }
        measures
    }
}

/// English syllables by vowel groups, less a silent final "e".
pub fn syllables(word: &str) -> usize {
    let lower = word.to_lowercase();
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut count = 0;
    let mut previous = false;
    for c in lower.chars() {
        let is = vowel(c);
        if is && !previous {
            count += 1;
        }
        previous = is;
    }
    if lower.ends_with('e') && !lower.ends_with("le") && count > 1 {
        count -= 1;
    }
    count.max(1)
}

/// The formula Vale's `readability` type averages for `metrics`.
pub fn readability_formula(metrics: &[String]) -> Option<String> {
    let formula = |name: &str| -> Option<&'static str> {
        Some(match name {
            "Gunning Fog" => "(0.4 * ((words / sentences) + 100 * (complex_words / words)))",
            "Coleman-Liau" => {
                "((0.0588 * (characters / words) * 100) - (0.296 * (sentences / words) * 100) - 15.8)"
            }
            "Flesch-Kincaid" => "((0.39 * (words / sentences)) + (11.8 * (syllables / words)) - 15.59)",
            "SMOG" => "(1.0430 * math.sqrt((polysyllabic_words * 30.0) / sentences) + 3.1291)",
            "Automated Readability" => {
                "((4.71 * (characters / words)) + (0.5 * (words / sentences)) - 21.43)"
            }
            _ => return None,
        })
    };
    let parts: Option<Vec<&str>> = metrics.iter().map(|m| formula(m.trim())).collect();
    let parts = parts.filter(|p| !p.is_empty())?;
    Some(format!("({}) / {}", parts.join(" + "), parts.len()))
}

/// Checks a formula and condition parse, before any article is measured.
pub fn validate_metric(formula: &str, condition: &str) -> Result<(), String> {
    let zero: HashMap<&str, f64> = VARIABLES.iter().map(|v| (*v, 1.0)).collect();
    evaluate(&normalise(formula), &zero).map_err(|e| format!("the formula does not parse: {e}"))?;
    evaluate(&format!("1 {condition}"), &zero).map_err(|e| format!("the condition does not parse: {e}"))?;
    Ok(())
}

/// Vale writes `heading.h2` for the variable `heading_h2`.
pub fn normalise(formula: &str) -> String {
    let mut out = formula.to_string();
    for level in 1..=6 {
        out = out.replace(&format!("heading.h{level}"), &format!("heading_h{level}"));
    }
    out
}

/// Evaluates arithmetic with `+ - * /`, brackets, `math.sqrt`/`sqrt`,
/// `math.pow`, `math.abs`, variables, and one comparison (`> 8`) giving
/// 1 or 0. Division by zero gives zero, as an empty article measures.
pub fn evaluate(expression: &str, variables: &HashMap<&str, f64>) -> Result<f64, String> {
    let tokens = tokenise(expression)?;
    let mut parser = Parser { tokens, at: 0, variables };
    let value = parser.comparison()?;
    if parser.at != parser.tokens.len() {
        return Err(format!("unexpected “{}”", parser.tokens[parser.at]));
    }
    Ok(value)
}

fn tokenise(text: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || c == '.' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            tokens.push(chars[start..i].iter().collect());
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '.') {
                i += 1;
            }
            tokens.push(chars[start..i].iter().collect());
        } else if matches!(c, '>' | '<' | '=' | '!') {
            let two = chars.get(i + 1) == Some(&'=');
            tokens.push(if two { format!("{c}=") } else { c.to_string() });
            i += if two { 2 } else { 1 };
        } else if matches!(c, '+' | '-' | '*' | '/' | '(' | ')' | ',') {
            tokens.push(c.to_string());
            i += 1;
        } else {
            return Err(format!("“{c}” is not arithmetic"));
        }
    }
    Ok(tokens)
}

struct Parser<'a> {
    tokens: Vec<String>,
    at: usize,
    variables: &'a HashMap<&'a str, f64>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).map(String::as_str)
    }

    fn take(&mut self, token: &str) -> bool {
        let found = self.peek() == Some(token);
        if found {
            self.at += 1;
        }
        found
    }

    fn comparison(&mut self) -> Result<f64, String> {
        let left = self.sum()?;
        for op in [">=", "<=", "==", "!=", ">", "<"] {
            if self.take(op) {
                let right = self.sum()?;
                let holds = match op {
                    ">=" => left >= right,
                    "<=" => left <= right,
                    "==" => left == right,
                    "!=" => left != right,
                    ">" => left > right,
                    _ => left < right,
                };
                return Ok(if holds { 1.0 } else { 0.0 });
            }
        }
        Ok(left)
    }

    fn sum(&mut self) -> Result<f64, String> {
        let mut value = self.product()?;
        loop {
            if self.take("+") {
                value += self.product()?;
            } else if self.take("-") {
                value -= self.product()?;
            } else {
                return Ok(value);
            }
        }
    }

    fn product(&mut self) -> Result<f64, String> {
        let mut value = self.unary()?;
        loop {
            if self.take("*") {
                value *= self.unary()?;
            } else if self.take("/") {
                let divisor = self.unary()?;
                value = if divisor == 0.0 { 0.0 } else { value / divisor };
            } else {
                return Ok(value);
            }
        }
    }

    fn unary(&mut self) -> Result<f64, String> {
        if self.take("-") {
            return Ok(-self.unary()?);
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<f64, String> {
        let Some(token) = self.peek().map(str::to_string) else {
            return Err("the expression ends early".into());
        };
        self.at += 1;
        if token == "(" {
            let value = self.sum()?;
            return if self.take(")") { Ok(value) } else { Err("a “(” is not closed".into()) };
        }
        if let Ok(number) = token.parse::<f64>() {
            return Ok(number);
        }
        let function = token.strip_prefix("math.").unwrap_or(&token).to_string();
        if matches!(function.as_str(), "sqrt" | "abs" | "pow" | "log" | "round") && self.take("(") {
            let first = self.sum()?;
            let second = if self.take(",") { Some(self.sum()?) } else { None };
            if !self.take(")") {
                return Err(format!("“{token}(” is not closed"));
            }
            return Ok(match (function.as_str(), second) {
                ("sqrt", None) => first.max(0.0).sqrt(),
                ("abs", None) => first.abs(),
                ("log", None) => first.ln(),
                ("round", None) => first.round(),
                ("pow", Some(power)) => first.powf(power),
                _ => return Err(format!("“{token}” takes other arguments")),
            });
        }
        self.variables
            .get(token.as_str())
            .copied()
            .ok_or_else(|| format!("“{token}” is not a variable Vale knows"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_and_conditions() {
        let vars: HashMap<&str, f64> = [("words", 100.0), ("sentences", 5.0), ("heading_h1", 1.0)].into();
        assert_eq!(evaluate("(words / sentences) * 2", &vars), Ok(40.0));
        assert_eq!(evaluate("math.sqrt(16) + -1", &vars), Ok(3.0));
        assert_eq!(evaluate(&normalise("heading.h1 > 0"), &vars), Ok(1.0));
        assert_eq!(evaluate("words / 0", &vars), Ok(0.0));
        assert!(evaluate("words +", &vars).is_err() && evaluate("nouns", &vars).is_err());
    }

    #[test]
    fn measures() {
        let m = Measures::prose("The ferry sailed. Everybody cheered immediately!");
        assert_eq!((m.0["sentences"], m.0["words"]), (2.0, 6.0));
        assert_eq!((syllables("ferry"), syllables("immediately"), syllables("boat")), (2, 5, 1));
        assert!(readability_formula(&["Flesch-Kincaid".into()]).is_some());
        assert!(readability_formula(&["Astrology".into()]).is_none());
    }
}
