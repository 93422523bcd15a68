-- One row per agreement per document: its mentions collapse onto the most complete name.
with mentions as (
    select * from {{ ref('int_agreement_mentions') }}
),

grouped as (
    select
        doc_id,
        core_key,
        arg_max(name, length(name) * 1000 - sentence_no) as name,
        arg_max(agreement_type, length(name) * 1000 - sentence_no) as agreement_type,
        arg_max(sentence, length(name) * 1000 - sentence_no) as evidence,
        arg_max(sentence_no, length(name) * 1000 - sentence_no) as evidence_sentence_no,
        arg_max(topic, coalesce(length(topic), 0)) as topic,
        arg_max(shape, length(name) * 1000 - sentence_no) as shape,
        list(distinct sentence_no) as sentence_nos,
        count(*) as mention_count,
        bool_or(regexp_matches(lower(sentence), '(not|no|non)[- ](create )?(legally )?binding|non-binding|no vinculante'))
            as says_not_binding,
        bool_or(regexp_matches(lower(sentence), '\blegally binding\b|\bvinculante\b')) as says_binding
    from mentions
    group by doc_id, core_key
),

parties as (
    select g.doc_id, g.core_key, list(distinct c.country order by c.country) as parties
    from grouped as g
    inner join {{ ref('int_document_countries') }} as c
        on c.doc_id = g.doc_id and list_contains(g.sentence_nos, c.sentence_no)
    group by all
),

doc_top_country as (
    select doc_id, arg_max(country, mentions) as country
    from (select doc_id, country, sum(mentions) as mentions from {{ ref('int_document_countries') }} group by all)
    group by doc_id
),

dated as (
    select g.doc_id, g.core_key, arg_min(d.stated_date, d.sentence_no) as signed_date,
           arg_min(d.date_precision, d.sentence_no) as date_precision
    from grouped as g
    inner join {{ ref('int_sentence_dates') }} as d
        on d.doc_id = g.doc_id and list_contains(g.sentence_nos, d.sentence_no)
    inner join {{ ref('stg_sentences') }} as s
        on s.doc_id = d.doc_id and s.sentence_no = d.sentence_no
    where d.stated_date is not null
      and regexp_matches(lower(s.sentence), 'sign|finali[sz]|conclud|join|establish|agreed|adopt|endors|firm|suscri')
    group by all
)

select
    md5(g.doc_id || ':' || g.core_key) as mention_id,
    g.doc_id,
    g.agreement_type || ':' || case
        when g.agreement_type = 'mou'
            then array_to_string(coalesce(p.parties, [t.country]), '-') || ':' || coalesce(lower(g.topic), '')
        else g.core_key
    end as agreement_key,
    g.agreement_type,
    g.name,
    coalesce(p.parties, [t.country]) as parties,
    len(coalesce(p.parties, [t.country])) as party_count,
    g.topic,
    d.signed_date,
    d.date_precision,
    case when g.says_not_binding then false when g.says_binding then true end as legally_binding,
    g.mention_count,
    g.evidence,
    g.evidence_sentence_no,
    -- Documented in the README: named agreements are surest, bare nouns with modifiers least.
    case g.shape when 'named' then 0.9 when 'phrase' then 0.85 else 0.7 end as confidence
from grouped as g
left join parties as p using (doc_id, core_key)
left join doc_top_country as t using (doc_id)
left join dated as d using (doc_id, core_key)
