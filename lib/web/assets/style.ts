/**
 * The page's style sheet, served as a file (the CSP allows no inline style). Colours keep a contrast
 * of at least 4.5:1 on their backgrounds; one column under 40em.
 */
export const STYLE = `*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff}
body{margin:0}
a{color:#0b57d0}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible{outline:3px solid #e37400;outline-offset:2px}
.skip{position:absolute;left:-9999px}
.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}
header{background:#16324f;color:#fff}
header nav{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;align-items:center;max-width:70rem;margin:0 auto;padding:.75rem 1rem}
header a{color:#fff;font-weight:600;text-decoration:none}
header a:hover{text-decoration:underline}
header .brand{margin-right:auto;font-size:1.1rem}
header form{margin:0}
header button{background:transparent;color:#fff;border:1px solid #fff}
main{max-width:70rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;margin:.5rem 0 1rem;overflow-wrap:anywhere}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
button,.button{font:inherit;font-weight:600;padding:.45rem .9rem;border-radius:.3rem;border:1px solid #0b57d0;background:#0b57d0;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary,.button.secondary{background:#fff;color:#0b57d0}
button.danger,.button.danger{background:#b3261e;border-color:#b3261e;color:#fff}
label{font-weight:600;display:block;margin:.75rem 0 .25rem}
input,select,textarea{font:inherit;padding:.4rem;border:1px solid #5f6368;border-radius:.3rem;max-width:100%}
textarea{width:100%;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9rem}
textarea[aria-invalid="true"]{border:2px solid #b3261e}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end}
.filters label{margin:0 0 .25rem}
.table{overflow-x:auto}
table{border-collapse:collapse;width:100%}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #dadce0;vertical-align:top}
th{background:#f1f3f4}
td.number{text-align:right;font-variant-numeric:tabular-nums}
.status{display:inline-block;padding:0 .5rem;border-radius:1rem;font-size:.85rem;font-weight:600;border:1px solid currentColor}
.status-done{color:#137333}
.status-failed{color:#b3261e}
.status-inProgress{color:#8a4b00}
.status-notProcessed{color:#3c4043}
.status-expired{color:#5f6368}
.flash{background:#e6f4ea;border-left:4px solid #137333;padding:.5rem 1rem}
.errors{background:#fce8e6;border-left:4px solid #b3261e;padding:.5rem 1rem}
.errors code,.path{font-weight:700}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
pre{background:#f8f9fa;border:1px solid #dadce0;padding:.75rem;overflow-x:auto;font-size:.85rem}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:1rem 0}
.actions form{margin:0}
.pager{display:flex;gap:1rem;align-items:center;margin:1rem 0}
.muted{color:#5f6368}
figure{margin:1rem 0}
svg.chart{width:100%;max-width:48rem;height:auto;display:block}
svg.chart .bar{fill:#0b57d0}
svg.chart .axis{stroke:#5f6368}
svg.chart text{font-size:12px;fill:#3c4043}
@media (max-width:40em){
  th,td{padding:.3rem}
  dl.facts{grid-template-columns:1fr}
  dl.facts dd{margin-bottom:.5rem}
  .jobs thead{display:none}
  .jobs tr{display:block;border-bottom:2px solid #dadce0;padding:.25rem 0}
  .jobs td{display:block;position:relative;border:0;padding:.1rem .3rem .1rem 8rem;text-align:left}
  .jobs td.number{text-align:left}
  .jobs td::before{content:attr(data-label);font-weight:600;position:absolute;left:.3rem;width:7.5rem}
}
`;
