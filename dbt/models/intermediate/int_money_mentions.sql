-- Every money expression in every sentence: currency token, number, scale word, position and the text
-- around it. Currencies and scales come from the seeds; adding a row extends what is recognised.
with patterns as (
    select
        '(' || {{ rule_alternation('currencies', 'token') }} || ')\s?'
        || '(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)'
        || '(?:\s?(' || {{ rule_alternation('money_scales', 'word') }} || ')\b)?' as money_re
),

split as (
    select
        s.doc_id,
        s.sentence_no,
        s.sentence,
        regexp_extract_all(s.sentence, p.money_re) as matches,
        regexp_split_to_array(s.sentence, p.money_re) as pieces,
        p.money_re
    from {{ ref('stg_sentences') }} as s
    cross join patterns as p
    where regexp_matches(s.sentence, '\d')
),

unnested as (
    select
        doc_id,
        sentence_no,
        sentence,
        money_re,
        pieces,
        unnest(matches) as amount_text,
        unnest(range(1, len(matches) + 1)) as match_no
    from split
    where len(matches) > 0
),

positioned as (
    select
        *,
        -- Offset of the match in the sentence: all pieces up to it plus all earlier matches.
        sum(length(pieces[match_no]) + length(amount_text)) over (
            partition by doc_id, sentence_no order by match_no rows between unbounded preceding and current row
        )::bigint - length(amount_text) as match_start
    from unnested
)

select
    doc_id,
    sentence_no,
    match_no,
    sentence,
    trim(amount_text) as amount_text,
    match_start,
    match_start + length(amount_text) as match_end,
    regexp_extract(amount_text, money_re, 1) as currency_token,
    cast(replace(regexp_extract(amount_text, money_re, 2), ',', '') as double) as number_value,
    nullif(lower(regexp_extract(amount_text, money_re, 3)), '') as scale_word,
    substring(sentence, greatest(1, match_start - 99), least(match_start, 100)) as text_before,
    substring(sentence, match_start + length(amount_text) + 1, 60) as text_after
from positioned
