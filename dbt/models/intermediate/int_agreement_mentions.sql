-- Agreement mentions, three shapes, with vocabularies from seeds:
--   named:    Title Case words + keyword (+ "on/for Title Case ..."): "Artemis Accords", "Los Angeles Declaration on ..."
--   modified: lowercase modifiers + agreement noun: "non-lethal aerial interception agreement"
--   mou:      memorandum of understanding / MOU (+ "on ..." topic), and other phrase keywords ("sister port")
with vocab as (
    select
        (select string_agg(regexp_escape(keyword), '|' order by length(keyword) desc)
         from {{ ref('agreement_keywords') }} where agreement_type not in ('mou')
           and keyword not like 'sister%') as named_alt,
        (select string_agg(regexp_escape(keyword), '|' order by length(keyword) desc)
         from {{ ref('agreement_keywords') }} where agreement_type in ('other_agreement', 'trade_agreement', 'accord')
           and keyword not like '% %') as noun_alt,
        (select string_agg(regexp_escape(keyword), '|' order by length(keyword) desc)
         from {{ ref('agreement_keywords') }} where agreement_type = 'mou' or keyword like 'sister%') as phrase_alt
),

patterns as (
    select 'named' as shape,
        '((?:[A-Z][[:alnum:]''’.–-]*\s+){0,6})(?i:(' || named_alt || '))\b'
        || '((?:\s+(?:on|for|of|to)\s+(?:the\s+)?[A-Z][[:alnum:]''’–-]*(?:\s+(?:and\s+|of\s+|the\s+|&\s+)?[A-Z][[:alnum:]''’–-]*)*)?)' as re
    from vocab
    union all
    select 'modified',
        '\b((?:[a-z][a-z''’-]+\s+){1,3})(' || noun_alt || ')\b()'
    from vocab
    union all
    select 'phrase',
        '(?i)()\b(' || phrase_alt || ')\b((?:\s*\((?:mou|moU|MOU)\))?(?:\s+(?:on|to|for|regarding|sobre|para)\s+[^,.;()]{3,80})?)'
    from vocab
),

matched as (
    select
        s.doc_id, s.sentence_no, s.sentence, p.shape,
        unnest(regexp_extract_all(s.sentence, p.re, 1)) as prefix,
        unnest(regexp_extract_all(s.sentence, p.re, 2)) as keyword,
        unnest(regexp_extract_all(s.sentence, p.re, 3)) as suffix
    from {{ ref('stg_sentences') }} as s
    cross join patterns as p
    where regexp_matches(s.sentence, p.re)
),

stop as (select list(word) as words from {{ ref('agreement_name_stopwords') }}),

trimmed as (
    select
        m.*,
        -- Keep the trailing run of non-stopwords before the keyword: "A Space Partnership" -> "Space",
        -- "Peru And US Sign Landmark Trade Agreement" -> "Trade", "reached an agreement" -> nothing.
        case when m.shape in ('named', 'modified') then list_aggregate(
                list_reverse(list_filter(
                    list_reverse(string_split(trim(m.prefix), ' ')),
                    lambda w, i: i < coalesce(list_position(
                        list_transform(list_reverse(string_split(trim(m.prefix), ' ')), lambda x: list_contains(st.words, lower(x))), true
                    ), 99)
                )), 'string_agg', ' ')
            else ''
        end as core_prefix
    from matched as m
    cross join stop as st
),

named as (
    select
        *,
        trim(coalesce(core_prefix, '') || ' ' || keyword) as core_name,
        regexp_replace(
            trim(coalesce(core_prefix, '') || ' ' || keyword || coalesce(suffix, '')),
            '\s+(?:on|in|this|last|el|este)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year|lunes|martes|miércoles|jueves|viernes)\b.*$',
            '', 'i'
        ) as name
    from trimmed
    -- A named agreement needs a name: Title Case words before the keyword, or a capitalised keyword with a
    -- Title Case complement after it ("the Declaration of Lima").
    where shape = 'phrase'
       or coalesce(core_prefix, '') <> ''
       or (shape = 'named' and coalesce(suffix, '') <> '' and regexp_matches(keyword, '^[A-Z]'))
),

typed as (
    select
        n.*,
        (select arg_min(k.agreement_type, k.priority * 1000 - length(k.keyword))
         from {{ ref('agreement_keywords') }} as k
         where contains(lower(n.core_name), k.keyword)) as agreement_type,
        -- Synonyms share a key word, so "critical minerals pact" and "Critical Minerals Agreement" are one.
        coalesce((select any_value(k.key_word) from {{ ref('agreement_keywords') }} as k
                  where k.keyword = lower(n.keyword)), lower(n.keyword)) as key_word
    from named as n
)

select
    doc_id,
    sentence_no,
    sentence,
    shape,
    name,
    agreement_type,
    -- MOUs are usually referred to again as "the MOU": one per document unless topics differ.
    case
        when agreement_type = 'mou' then 'mou'
        -- "the Declaration of Lima" has no prefix: its complement is its name.
        when coalesce(core_prefix, '') = '' and shape = 'named'
            then lower(regexp_replace(trim(key_word || coalesce(suffix, '')), '[^[:alnum:]]+', ' ', 'g'))
        else lower(regexp_replace(trim(coalesce(core_prefix, '') || ' ' || key_word), '[^[:alnum:]]+', ' ', 'g'))
    end as core_key,
    nullif(trim(regexp_replace(regexp_replace(suffix, '^\s*(\((?i:mou)\))?\s*(on|to|for|of|regarding|sobre|para)\s+', ''),
        '\s+(?:on|in|this|last|el|este)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year|lunes|martes|miércoles|jueves|viernes)\b.*$',
        '', 'i')), '') as topic
from typed
where agreement_type is not null
