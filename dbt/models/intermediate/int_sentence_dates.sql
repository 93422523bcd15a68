-- The first date each sentence states, resolved to a calendar date with its precision.
-- Relative dates ("last August", "this year", "on November 1") resolve against the published date.
with vocab as (
    select {{ rule_alternation('months', 'word') }} as month_alt
),

sentences as (
    select s.doc_id, s.sentence_no, s.sentence, d.published_date
    from {{ ref('stg_sentences') }} as s
    inner join {{ ref('stg_documents') }} as d using (doc_id)
),

patterns as (
    select
        '(?i)\b(' || month_alt || ')\.?\s+(\d{1,2}),?\s+(\d{4})\b' as full_en_re,
        '(?i)\b(\d{1,2})\s+de\s+(' || month_alt || ')\s+de(?:l)?\s+(\d{4})\b' as full_es_re,
        '(?i)\b(' || month_alt || ')\.?\s+(?:of\s+|de\s+)?(\d{4})\b' as month_year_re,
        '(?i)\bon\s+(' || month_alt || ')\.?\s+(\d{1,2})\b' as on_month_day_re,
        '(?i)\b(?:last|this past|el pasado|el último)\s+(' || month_alt || ')\b' as last_month_re
    from vocab
),

extracted as (
    select
        s.*,
        {'m': regexp_extract(s.sentence, p.full_en_re, 1), 'd': regexp_extract(s.sentence, p.full_en_re, 2),
         'y': regexp_extract(s.sentence, p.full_en_re, 3)} as full_en,
        {'d': regexp_extract(s.sentence, p.full_es_re, 1), 'm': regexp_extract(s.sentence, p.full_es_re, 2),
         'y': regexp_extract(s.sentence, p.full_es_re, 3)} as full_es,
        {'m': regexp_extract(s.sentence, p.month_year_re, 1), 'y': regexp_extract(s.sentence, p.month_year_re, 2)}
            as month_year,
        {'m': regexp_extract(s.sentence, p.on_month_day_re, 1), 'd': regexp_extract(s.sentence, p.on_month_day_re, 2)}
            as on_month_day,
        regexp_extract(s.sentence, p.last_month_re, 1) as last_month,
        regexp_matches(s.sentence, '(?i)\b(this year|este año|earlier this year)\b') as this_year,
        regexp_extract(s.sentence, '(?i)\b(?:in|en)\s+((?:19|20)\d{2})\b', 1) as in_year
    from sentences as s
    cross join patterns as p
),

months as (select word, month from {{ ref('months') }})

select
    e.doc_id,
    e.sentence_no,
    case
        when e.full_en.y <> '' then make_date(try_cast(e.full_en.y as int), m1.month, try_cast(e.full_en.d as int))
        when e.full_es.y <> '' then make_date(try_cast(e.full_es.y as int), m2.month, try_cast(e.full_es.d as int))
        when e.month_year.y <> '' then make_date(try_cast(e.month_year.y as int), m3.month, 1)
        when e.on_month_day.m <> '' and e.published_date is not null then
            make_date(
                year(e.published_date) - case when m4.month > month(e.published_date) then 1 else 0 end,
                m4.month, try_cast(e.on_month_day.d as int))
        when e.last_month <> '' and e.published_date is not null then
            make_date(
                year(e.published_date) - case when m5.month >= month(e.published_date) then 1 else 0 end,
                m5.month, 1)
        when e.this_year and e.published_date is not null then make_date(year(e.published_date), 1, 1)
        when e.in_year <> '' then make_date(try_cast(e.in_year as int), 1, 1)
    end as stated_date,
    case
        when e.full_en.y <> '' or e.full_es.y <> '' then 'day'
        when e.month_year.y <> '' then 'month'
        when e.on_month_day.m <> '' and e.published_date is not null then 'day'
        when e.last_month <> '' and e.published_date is not null then 'month'
        when e.this_year and e.published_date is not null then 'year'
        when e.in_year <> '' then 'year'
    end as date_precision
from extracted as e
left join months as m1 on m1.word = lower(e.full_en.m)
left join months as m2 on m2.word = lower(e.full_es.m)
left join months as m3 on m3.word = lower(e.month_year.m)
left join months as m4 on m4.word = lower(e.on_month_day.m)
left join months as m5 on m5.word = lower(e.last_month)
