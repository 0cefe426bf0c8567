using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Tracarbon.Reports
{
    /// <summary>
    /// The summary as an HTML table. Each number cell also carries its exact value in data-value, so a
    /// script or a test reads the full double while people read four significant digits.
    /// </summary>
    internal static class SummaryTable
    {
        public static void Write(TextWriter w, List<SummaryRow> rows, ChartData data)
        {
            w.WriteLine("<section id=\"summary\">");
            w.WriteLine("<h2>Summary</h2>");
            w.WriteLine("<div class=\"table-wrap\">");
            w.WriteLine("<table id=\"summary-table\">");
            w.WriteLine("<thead><tr><th scope=\"col\">Session</th><th scope=\"col\">Component</th>" +
                "<th scope=\"col\" class=\"num\">Duration (s)</th><th scope=\"col\" class=\"num\">Samples</th>" +
                "<th scope=\"col\" class=\"num\">Average power (W)</th>" +
                "<th scope=\"col\" class=\"num\">Energy (Wh)</th>" +
                "<th scope=\"col\" class=\"num\">Emissions (g CO2e)</th>" +
                "<th scope=\"col\" class=\"num\">Intensity (g/kWh)</th>" +
                "<th scope=\"col\">Location</th><th scope=\"col\">Power source</th></tr></thead>");
            w.WriteLine("<tbody>");
            foreach (SummaryRow r in rows)
            {
                w.Write($"<tr data-session=\"{Html.Escape(r.Session)}\" data-component=\"{r.Component}\">");
                w.Write($"<td>{Html.Escape(r.Session)}</td><td>{r.Component}</td>");
                Number(w, "duration", r.DurationSeconds);
                w.Write($"<td class=\"num\" data-column=\"samples\" data-value=\"{r.Samples}\">{r.Samples}</td>");
                if (r.AveragePowerWatts is double watts)
                {
                    Number(w, "power", watts);
                }
                else
                {
                    w.Write("<td class=\"num\" data-column=\"power\">n/a</td>");
                }

                Number(w, "energy", r.EnergyWattHours);
                Number(w, "emissions", r.EmissionsGrams);
                Number(w, "intensity", r.IntensityGramsPerKilowattHour);
                w.WriteLine($"<td>{Html.Escape(r.Location)}</td><td>{Html.Escape(r.Source)}</td></tr>");
            }

            w.WriteLine("</tbody>");
            w.WriteLine("</table>");
            w.WriteLine("</div>");
            WriteCoverageNote(w, rows, data);
            w.WriteLine("</section>");
        }

        private static void Number(TextWriter w, string column, double value) =>
            w.Write($"<td class=\"num\" data-column=\"{column}\" data-value=\"{Html.Exact(value)}\">" +
                $"{Html.Readable(value)}</td>");

        /// <summary>
        /// Says when the table counts more intervals than the charts draw: a long session keeps only its
        /// most recent samples, while its totals run from its start.
        /// </summary>
        private static void WriteCoverageNote(TextWriter w, List<SummaryRow> rows, ChartData data)
        {
            var partial = new List<string>();
            foreach (SummaryRow row in rows)
            {
                ChartSeries? drawn =
                    data.Series.FirstOrDefault(s => s.Session == row.Session && s.Component == row.Component);
                int samples = drawn?.Samples ?? 0;
                if (row.Samples > samples && !partial.Contains(row.Session))
                {
                    partial.Add(row.Session);
                }
            }

            if (partial.Count > 0)
            {
                w.WriteLine("<p class=\"note\" id=\"coverage-note\">The table covers each session from its start; " +
                    "the charts draw only the samples the session still keeps (" +
                    Html.Escape(string.Join(", ", partial)) + ").</p>");
            }
        }
    }
}
