use super::*;
use crate::model::article::{
    Block, Correction, CorrectionKind, Note, NoteKind, Publication, Related, Reply, ShareTarget, Status,
};

fn story() -> Article {
    Article {
        slug: "quay-lights".into(),
        headline: "Quay Lights Return".into(),
        dek: "The lamps are back after a winter dark.".into(),
        category: "Local".into(),
        tags: vec!["quay".into()],
        bylines: vec!["Ines Marrow".into()],
        status: Status::Edit,
        published_at: "2026-03-01T08:00:00Z".parse().ok(),
        updated_at: None,
        image: Some(Image {
            alt: "Lamps on the quay".into(),
            caption: "The first lamp lit.".into(),
            credit: "Desk photo".into(),
            src: "photos/lamps.jpg".into(),
            width: Some(1600),
            height: Some(900),
        }),
        share: vec![ShareTarget::Facebook],
        body: vec![Block::Paragraph("The lamps came on at six.".into())],
        related: vec![Related {
            slug: "quay-works".into(),
            title: "Quay Works".into(),
            ..Related::default()
        }],
        id: Some("6a0e2f7c-4b19-4d83-9e5a-0c7b3d1f8e24".into()),
        embargo_until: "2026-03-01T07:00:00Z".parse().ok(),
        language: Some("en-GB".into()),
        target_words: Some(400),
        seo_title: Some("Quay lamps relit".into()),
        seo_description: Some("The lamps are back.".into()),
        social_title: Some("Lights on the quay".into()),
        social_description: Some("After a winter dark.".into()),
        corrections: vec![Correction {
            at: jiff::Timestamp::UNIX_EPOCH,
            kind: CorrectionKind::Update,
            text: "The lamps stay on all night.".into(),
        }],
        notes: vec![std::sync::Arc::new(Note {
            id: "c3d1e0f2-5a6b-4c7d-8e9f-0a1b2c3d4e5f".into(),
            kind: NoteKind::Comment,
            on: Some(Field::Headline),
            anchor: None,
            author: "Ines Marrow".into(),
            at: jiff::Timestamp::UNIX_EPOCH,
            text: "Which lamps?".into(),
            replies: Vec::new(),
            resolved: false,
        })],
        published_to: vec![Publication {
            target: "Courier Ghost".into(),
            remote_id: "77".into(),
            url: "https://courier.example.org/quay-lights/".into(),
            remote_modified: jiff::Timestamp::UNIX_EPOCH,
        }],
        ..Article::default()
    }
}

/// `article` with each of its fields changed in turn, by name. Every field
/// is named (no `..`), so a field added to `Article` fails to compile here
/// until it is given a change, and the test below then fails until the
/// catalogue reads it.
fn each_field_changed(article: &Article) -> Vec<(&'static str, Article)> {
    let Article {
        format,
        id,
        slug,
        headline,
        dek,
        category,
        tags,
        bylines,
        status,
        published_at,
        updated_at,
        embargo_until,
        language,
        target_words,
        seo_title,
        seo_description,
        social_title,
        social_description,
        image,
        share,
        body,
        related,
        corrections,
        notes,
        published_to,
    } = article.clone();
    let with = |edit: &dyn Fn(&mut Article)| {
        let mut changed = article.clone();
        edit(&mut changed);
        changed
    };
    vec![
        ("format", with(&|a| a.format = format + 1)),
        ("slug", with(&|a| a.slug = format!("{slug}-again"))),
        ("headline", with(&|a| a.headline = format!("{headline}, Again"))),
        ("dek", with(&|a| a.dek = format!("{dek} Again."))),
        ("category", with(&|a| a.category = format!("{category} news"))),
        ("tags", with(&|a| a.tags = [tags.clone(), vec!["lamps".into()]].concat())),
        ("bylines", with(&|a| a.bylines = [bylines.clone(), vec!["Ola Brandt".into()]].concat())),
        ("status", with(&|a| a.status = if status == Status::Ready { Status::Edit } else { Status::Ready })),
        (
            "published_at",
            with(&|a| a.published_at = published_at.map_or(Some(jiff::Timestamp::UNIX_EPOCH), |_| None)),
        ),
        (
            "updated_at",
            with(&|a| a.updated_at = updated_at.map_or(Some(jiff::Timestamp::UNIX_EPOCH), |_| None)),
        ),
        (
            "image",
            with(&|a| {
                a.image = image
                    .as_ref()
                    .map_or_else(|| Some(Image { src: "lead.jpg".into(), ..Image::default() }), |_| None)
            }),
        ),
        (
            "share",
            with(&|a| {
                a.share = share
                    .iter()
                    .copied()
                    .filter(|t| *t != ShareTarget::Facebook)
                    .chain([ShareTarget::X])
                    .collect()
            }),
        ),
        (
            "body",
            with(&|a| a.body = [body.clone(), vec![Block::Paragraph("And they stay on.".into())]].concat()),
        ),
        ("related", with(&|a| a.related = related.iter().skip(1).cloned().collect())),
        ("id", with(&|a| a.id = id.as_ref().map_or_else(|| Some(crate::model::article::new_id()), |_| None))),
        (
            "embargo_until",
            with(&|a| a.embargo_until = embargo_until.map_or(Some(jiff::Timestamp::UNIX_EPOCH), |_| None)),
        ),
        ("language", with(&|a| a.language = language.as_ref().map_or(Some("uk".into()), |_| None))),
        ("target_words", with(&|a| a.target_words = Some(target_words.map_or(600, |n| n + 100)))),
        (
            "seo_title",
            with(&|a| a.seo_title = Some(format!("{} for search", seo_title.clone().unwrap_or_default()))),
        ),
        (
            "seo_description",
            with(&|a| {
                a.seo_description = Some(format!("{} Searched.", seo_description.clone().unwrap_or_default()))
            }),
        ),
        (
            "social_title",
            with(&|a| a.social_title = Some(format!("{} shared", social_title.clone().unwrap_or_default()))),
        ),
        (
            "social_description",
            with(&|a| {
                a.social_description =
                    Some(format!("{} Shared.", social_description.clone().unwrap_or_default()))
            }),
        ),
        ("corrections", with(&|a| a.corrections = corrections.iter().skip(1).cloned().collect())),
        (
            "notes",
            with(&|a| {
                a.notes = notes.clone();
                std::sync::Arc::make_mut(&mut a.notes[0]).replies.push(Reply {
                    author: "Ola Brandt".into(),
                    at: jiff::Timestamp::UNIX_EPOCH,
                    text: "Done.".into(),
                })
            }),
        ),
        ("published_to", with(&|a| a.published_to = published_to.iter().skip(1).cloned().collect())),
    ]
}

/// `image` with each attribute changed in turn; every attribute named.
fn each_attribute_changed(image: &Image) -> Vec<(&'static str, Image)> {
    let Image { alt, caption, credit, src, width, height } = image.clone();
    let with = |edit: &dyn Fn(&mut Image)| {
        let mut changed = image.clone();
        edit(&mut changed);
        changed
    };
    vec![
        ("alt", with(&|i| i.alt = format!("{alt}, lit"))),
        ("caption", with(&|i| i.caption = format!("{caption} At dusk."))),
        ("credit", with(&|i| i.credit = format!("{credit} / Ola Brandt"))),
        ("src", with(&|i| i.src = format!("{src}.webp"))),
        ("width", with(&|i| i.width = width.map_or(Some(1), |w| Some(w + 1)))),
        ("height", with(&|i| i.height = height.map_or(Some(1), |h| Some(h + 1)))),
    ]
}

#[test]
fn the_catalogue_reads_every_field_of_an_article() {
    let article = story();
    for (name, changed) in each_field_changed(&article) {
        let seen: Vec<Field> = Field::ALL.into_iter().filter(|f| f.differs(&article, &changed)).collect();
        if name == "format" {
            // The file's version, not something an editor changes.
            assert!(seen.is_empty(), "format is read by {seen:?}");
        } else {
            assert!(!seen.is_empty(), "no catalogue field reads the article's `{name}`");
        }
    }
}

#[test]
fn the_catalogue_reads_every_attribute_of_a_picture() {
    let article = story();
    let lead = article.image.clone().expect("a lead image");
    for (name, changed) in each_attribute_changed(&lead) {
        let with_lead = Article { image: Some(changed.clone()), ..article.clone() };
        assert!(
            Field::ALL.into_iter().any(|f| f.image_part().is_some() && f.differs(&article, &with_lead)),
            "no lead image field reads its `{name}`"
        );
        assert!(
            ImagePart::ALL.into_iter().any(|part| part.read(&lead) != part.read(&changed)),
            "no picture attribute reads `{name}`, so a body picture cannot merge it"
        );
    }
}

#[test]
fn a_value_put_into_another_article_moves_that_field_only() {
    let from = story();
    for field in Field::ALL {
        let mut into = Article::default();
        field.put(&mut into, field.read(&from));
        assert_eq!(field.read(&into), field.read(&from), "{field:?}");
        for other in Field::ALL.into_iter().filter(|f| *f != field) {
            assert!(!other.differs(&into, &Article::default()), "putting {field:?} changed {other:?}");
        }
    }
}

#[test]
fn the_lead_image_is_there_while_any_attribute_is() {
    let mut article = Article::default();
    assert_eq!(Field::ImageAlt.read(&article), Value::Text(String::new()));
    Field::ImageCredit.put(&mut article, Value::Text("Desk photo".into()));
    assert_eq!(article.image.as_ref().map(|i| i.credit.as_str()), Some("Desk photo"));
    Field::ImageCredit.put(&mut article, Value::Text(String::new()));
    assert_eq!(article.image, None, "every attribute empty: no lead image");
}

#[test]
fn names_and_labels_are_unique_and_findings_name_fields_as_the_file_does() {
    let names: std::collections::HashSet<_> = Field::ALL.iter().map(|f| f.name()).collect();
    let labels: std::collections::HashSet<_> = Field::ALL.iter().map(|f| f.label()).collect();
    assert_eq!((names.len(), labels.len()), (Field::ALL.len(), Field::ALL.len()));
    assert_eq!(serde_json::to_string(&Field::PublishedAt).ok().as_deref(), Some("\"published_at\""));
    assert_eq!(serde_json::to_string(&Field::ImageCredit).ok().as_deref(), Some("\"image.credit\""));
}

#[test]
fn a_body_diff_shows_a_picture_size_the_markup_has_no_place_for() {
    let picture = |width| {
        Value::Blocks(vec![Block::Image(Image {
            src: "photos/quay.jpg".into(),
            alt: "Quay".into(),
            width: Some(width),
            height: Some(900),
            ..Image::default()
        })])
    };
    let words = Field::Body.diff(&picture(1600), &picture(1200));
    assert!(words.contains(&Words::Added("1200".into())), "{words:?}");
}

#[test]
fn notes_name_their_field_as_the_file_does_and_an_unknown_name_is_refused() {
    for field in Field::ALL {
        assert_eq!(Field::from_name(field.name()), Some(field));
    }
    let on: Option<Field> = ron::from_str("Some(\"image.caption\")").expect("a field name");
    assert_eq!(on, Some(Field::ImageCaption));
    let error = ron::from_str::<Option<Field>>("Some(\"kicker\")").expect_err("not a field");
    assert!(error.to_string().contains("not an article field"), "{error}");
}

#[test]
fn an_empty_override_is_none() {
    let mut article = story();
    Field::SeoTitle.put(&mut article, Value::Text(String::new()));
    Field::Language.put(&mut article, Value::Text(String::new()));
    assert_eq!((article.seo_title, article.language), (None, None));
}
