namespace Tracarbon.Reports
{
    /// <summary>
    /// The report's only style sheet, inlined so the file opens anywhere offline. Series colours are
    /// chosen for at least 3:1 contrast against the background (WCAG's bar for lines and marks) and
    /// text for at least 4.5:1, in both themes; the test suite checks the ratios.
    /// </summary>
    internal static class ReportStyle
    {
        /// <summary>Light theme first; the dark one replaces the variables when the reader prefers it.</summary>
        internal static readonly string[] LightColours =
        {
            "#1f5fbf", "#c2410c", "#15803d", "#a21caf", "#6d28d9", "#8a5a00", "#0e7490", "#be123c",
        };

        internal static readonly string[] DarkColours =
        {
            "#79aefc", "#fb923c", "#4ade80", "#e879f9", "#b197fc", "#facc15", "#22d3ee", "#fb7185",
        };

        internal const string LightBackground = "#ffffff";
        internal const string LightText = "#1b1f24";
        internal const string LightMuted = "#57606a";
        internal const string DarkBackground = "#111418";
        internal const string DarkText = "#e6e9ed";
        internal const string DarkMuted = "#a3acb6";

        public static string Css()
        {
            var sb = new System.Text.StringBuilder();
            sb.Append(":root{color-scheme:light dark;");
            Variables(sb, LightBackground, LightText, LightMuted, "#d8dee4", "#f3f5f7", LightColours);
            sb.Append("}\n@media (prefers-color-scheme: dark){:root{");
            Variables(sb, DarkBackground, DarkText, DarkMuted, "#30363d", "#181c21", DarkColours);
            sb.Append("}}\n");
            sb.Append(Rules);
            for (int i = 0; i < LightColours.Length; i++)
            {
                sb.Append($".c{i}{{stroke:var(--c{i})}} .marker.c{i}{{fill:var(--c{i})}}\n");
            }

            return sb.ToString();
        }

        private static void Variables(
            System.Text.StringBuilder sb,
            string bg,
            string fg,
            string muted,
            string grid,
            string stripe,
            string[] colours)
        {
            sb.Append($"--bg:{bg};--fg:{fg};--muted:{muted};--grid:{grid};--stripe:{stripe};");
            for (int i = 0; i < colours.Length; i++)
            {
                sb.Append($"--c{i}:{colours[i]};");
            }
        }

        // Fonts the reader already has: the report loads nothing from anywhere.
        private const string Rules =
            "body{margin:0;background:var(--bg);color:var(--fg);" +
            "font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Liberation Sans','DejaVu Sans',sans-serif}\n" +
            "main{max-width:1120px;margin:0 auto;padding:24px}\n" +
            "h1{font-size:1.6em;margin:0 0 4px}\nh2{font-size:1.2em;margin:28px 0 8px}\n" +
            ".meta,.note,figcaption{color:var(--muted)}\n" +
            ".meta{margin:0 0 8px}\n.empty{font-size:1.1em;padding:16px;border:1px solid var(--grid)}\n" +
            ".table-wrap{overflow-x:auto}\n" +
            "table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}\n" +
            "th,td{padding:5px 8px;border-bottom:1px solid var(--grid);text-align:left}\n" +
            "th{font-weight:600;vertical-align:bottom}\n.num{text-align:right}\ntd.num{white-space:nowrap}\n" +
            "tbody tr:nth-child(even){background:var(--stripe)}\n" +
            "figure{margin:0}\nsvg.chart{display:block;width:100%;height:auto}\n" +
            "svg text{fill:var(--fg);font-size:13px}\nsvg .tick-label{fill:var(--muted);font-size:12px}\n" +
            ".grid{stroke:var(--grid);stroke-width:1}\n.axis{stroke:var(--muted);stroke-width:1}\n" +
            ".series,.swatch{fill:none;stroke-width:2.25;stroke-linejoin:round;stroke-linecap:round}\n" +
            ".swatch{stroke-width:3}\n.dashed{stroke-dasharray:7 4}\n";
    }
}
