{#- Rows of `amounts` whose text window holds a cue (a word start) from `seed`, aggregated per amount. -#}
{% macro cue_hits(amounts, seed, window_text, aggregates) -%}
select a.doc_id, a.sentence_no, a.match_no, {{ aggregates }}
from {{ amounts }} as a
inner join {{ ref(seed) }} as c on regexp_matches({{ window_text }}, '\b' || regexp_escape(c.cue))
group by all
{%- endmacro %}
