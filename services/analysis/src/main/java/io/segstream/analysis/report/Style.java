package io.segstream.analysis.report;

/** The report's stylesheet and its self-check script. */
final class Style {

    /** Layout for print and screen; no web fonts, no external resources. */
    static final String CSS = """
            :root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--accent:#0072B2;--bg:#f8fafc}
            *{box-sizing:border-box}
            body{margin:0;font:14px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
              color:var(--ink);background:var(--bg)}
            header{background:#0b3954;color:#fff;padding:24px 40px}
            header h1{margin:0 0 4px;font-size:26px;font-weight:600}
            header p{margin:0;color:#cfe3f0}
            nav{position:sticky;top:0;z-index:1;background:#fff;border-bottom:1px solid var(--line);padding:8px 40px}
            nav a{color:var(--accent);text-decoration:none;margin-right:18px;font-weight:500}
            main{max-width:1840px;margin:0 auto;padding:16px 40px 40px}
            section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px 24px 20px;margin:20px 0}
            h2{font-size:20px;font-weight:600;border-bottom:2px solid var(--accent);padding-bottom:6px;display:inline-block}
            .intro{color:var(--muted);max-width:1000px}
            .cards{display:flex;gap:16px;flex-wrap:wrap;margin-top:16px}
            .card{flex:1 1 200px;background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px}
            .card .v{font-size:28px;font-weight:600;color:#0b3954}
            .card .l{color:var(--muted)}
            .table{overflow-x:auto;margin:12px 0}
            table{border-collapse:collapse;font-size:13px;min-width:50%}
            th{background:#f1f5f9;text-align:left;font-weight:600;padding:6px 10px;border-bottom:2px solid var(--line)}
            td{padding:5px 10px;border-bottom:1px solid var(--line)}
            td.n{text-align:right;font-variant-numeric:tabular-nums}
            tbody tr:hover{background:#f8fafc}
            figure{margin:12px 0}
            figure img,.grid img{max-width:100%;height:auto;border:1px solid var(--line);border-radius:4px}
            figcaption{color:var(--muted);font-size:12px}
            .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(430px,1fr));gap:12px;margin:12px 0}
            code{background:#f1f5f9;padding:1px 4px;border-radius:3px}
            footer{color:var(--muted);text-align:center;padding:20px;font-size:12px}
            """;

    /**
     * Marks {@code body} with {@code data-report-status="ok"} once every image has loaded and no error was
     * raised or logged, so a headless browser's DOM dump shows whether the report renders.
     */
    static final String CHECK = """
            (function(){var errors=[];
            window.addEventListener('error',function(e){errors.push(String(e.message||'resource failed'));},true);
            var ce=console.error;console.error=function(){errors.push(Array.prototype.join.call(arguments,' '));
            ce.apply(console,arguments);};
            window.addEventListener('load',function(){var imgs=document.images,bad=0;
            for(var i=0;i<imgs.length;i++){if(!imgs[i].complete||imgs[i].naturalWidth===0){bad++;}}
            var b=document.body;b.setAttribute('data-images',imgs.length);b.setAttribute('data-broken-images',bad);
            b.setAttribute('data-errors',errors.length);
            b.setAttribute('data-report-status',bad===0&&errors.length===0?'ok':'failed');});})();
            """;

    private Style() {
    }
}
