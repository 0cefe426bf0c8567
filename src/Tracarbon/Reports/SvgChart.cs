using System;
using System.Collections.Generic;
using System.IO;

namespace Tracarbon.Reports
{
    /// <summary>
    /// One line chart as inline SVG: axes with ticks, a line per series, a legend on the right. Colours
    /// come from the page's CSS classes, so the same markup reads in the light and the dark theme.
    /// </summary>
    internal sealed class SvgChart
    {
        // The drawing's own coordinate system; the browser scales the whole chart to the page width.
        internal const double Width = 960;
        internal const double MinimumHeight = 360;
        internal const double Left = 78;
        internal const double Right = 210;
        internal const double Top = 16;
        internal const double Bottom = 48;
        internal const double LegendRow = 22;
        private const int LegendCharacters = 21;

        private readonly string _id;
        private readonly string _title;
        private readonly AxisScale _x;
        private readonly AxisScale _y;
        private readonly string _yTitle;
        private readonly string _xTitle;
        private readonly List<(ChartSeries Series, List<ChartPoint> Points)> _lines =
            new List<(ChartSeries, List<ChartPoint>)>();

        public SvgChart(string id, string title, AxisScale x, string xTitle, AxisScale y, string yTitle)
        {
            _id = id;
            _title = title;
            _x = x;
            _xTitle = xTitle;
            _y = y;
            _yTitle = yTitle;
        }

        public double Height => Math.Max(MinimumHeight, Top + Bottom + (_lines.Count + 1) * LegendRow);

        private double PlotWidth => Width - Left - Right;

        private double PlotBottom => Height - Bottom;

        private double PlotHeight => PlotBottom - Top;

        public void Add(ChartSeries series, List<ChartPoint> points) => _lines.Add((series, points));

        internal double X(double seconds) => Left + seconds / _x.Maximum * PlotWidth;

        internal double Y(double value) => PlotBottom - value / _y.Maximum * PlotHeight;

        public void Write(TextWriter w, bool manySessions)
        {
            w.Write($"<svg id=\"{_id}\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" ");
            w.Write($"viewBox=\"0 0 {Html.Coordinate(Width)} {Html.Coordinate(Height)}\" role=\"img\" ");
            w.WriteLine($"aria-labelledby=\"{_id}-title\">");
            w.WriteLine($"<title id=\"{_id}-title\">{Html.Escape(_title)}</title>");
            WriteAxes(w);
            w.WriteLine("<g class=\"lines\">");
            foreach (var (series, points) in _lines)
            {
                WriteLine(w, series, points);
            }

            w.WriteLine("</g>");
            WriteLegend(w, manySessions);
            w.WriteLine("</svg>");
        }

        private void WriteAxes(TextWriter w)
        {
            string left = Html.Coordinate(Left);
            string right = Html.Coordinate(Left + PlotWidth);
            string bottom = Html.Coordinate(PlotBottom);
            w.WriteLine("<g class=\"y-axis\">");
            foreach (double tick in _y.Ticks())
            {
                string y = Html.Coordinate(Y(tick));
                w.WriteLine($"<line class=\"grid\" x1=\"{left}\" x2=\"{right}\" y1=\"{y}\" y2=\"{y}\" />");
                w.WriteLine($"<text class=\"tick-label\" x=\"{Html.Coordinate(Left - 8)}\" y=\"{y}\" " +
                    $"text-anchor=\"end\" dominant-baseline=\"middle\">{Html.Escape(_y.Label(tick))}</text>");
            }

            double middle = Top + PlotHeight / 2;
            w.WriteLine($"<text class=\"axis-title\" x=\"16\" y=\"{Html.Coordinate(middle)}\" " +
                "text-anchor=\"middle\" " +
                $"transform=\"rotate(-90 16 {Html.Coordinate(middle)})\">{Html.Escape(_yTitle)}</text>");
            w.WriteLine($"<line class=\"axis\" x1=\"{left}\" x2=\"{left}\" y1=\"{Html.Coordinate(Top)}\" " +
                $"y2=\"{bottom}\" />");
            w.WriteLine("</g>");

            w.WriteLine("<g class=\"x-axis\">");
            w.WriteLine($"<line class=\"axis\" x1=\"{left}\" x2=\"{right}\" y1=\"{bottom}\" y2=\"{bottom}\" />");
            foreach (double tick in _x.Ticks())
            {
                string x = Html.Coordinate(X(tick));
                w.WriteLine($"<line class=\"axis\" x1=\"{x}\" x2=\"{x}\" y1=\"{bottom}\" " +
                    $"y2=\"{Html.Coordinate(PlotBottom + 5)}\" />");
                w.WriteLine($"<text class=\"tick-label\" x=\"{x}\" y=\"{Html.Coordinate(PlotBottom + 18)}\" " +
                    $"text-anchor=\"middle\">{Html.Escape(_x.Label(tick))}</text>");
            }

            w.WriteLine($"<text class=\"axis-title\" x=\"{Html.Coordinate(Left + PlotWidth / 2)}\" " +
                $"y=\"{Html.Coordinate(Height - 8)}\" text-anchor=\"middle\">{Html.Escape(_xTitle)}</text>");
            w.WriteLine("</g>");
        }

        private void WriteLine(TextWriter w, ChartSeries series, List<ChartPoint> points)
        {
            string classes = $"c{series.Colour}" + (series.Dashed ? " dashed" : string.Empty);
            string data = $"data-session=\"{Html.Escape(series.Session)}\" data-component=\"{series.Component}\"";
            List<List<ChartPoint>> segments = ChartData.Segments(points);
            for (int i = 0; i < segments.Count; i++)
            {
                w.Write($"<polyline class=\"series {classes}\" {data} data-segment=\"{i}\" points=\"");
                for (int p = 0; p < segments[i].Count; p++)
                {
                    ChartPoint point = segments[i][p];
                    w.Write(p == 0 ? string.Empty : " ");
                    w.Write(Html.Coordinate(X(point.Seconds)) + "," + Html.Coordinate(Y(point.Value)));
                }

                w.WriteLine("\" />");
                if (segments[i].Count == 1)
                {
                    // A line of one point draws nothing: a lone interval between gaps shows as a dot.
                    ChartPoint only = segments[i][0];
                    w.WriteLine($"<circle class=\"marker {classes}\" {data} " +
                        $"cx=\"{Html.Coordinate(X(only.Seconds))}\" " +
                        $"cy=\"{Html.Coordinate(Y(only.Value))}\" r=\"3.5\" />");
                }
            }
        }

        private void WriteLegend(TextWriter w, bool manySessions)
        {
            double x = Left + PlotWidth + 18;
            w.WriteLine("<g class=\"legend\">");
            for (int i = 0; i < _lines.Count; i++)
            {
                ChartSeries s = _lines[i].Series;
                string part = s.Component.ToString();
                string full = manySessions ? s.Session + " / " + part : part;

                // A long session name is cut, never the component: the title keeps the full label.
                string shown = manySessions
                    ? Shorten(s.Session, LegendCharacters - part.Length - 3) + " / " + part
                    : part;
                double y = Top + 10 + i * LegendRow;
                string classes = $"c{s.Colour}" + (s.Dashed ? " dashed" : string.Empty);
                w.WriteLine($"<g class=\"legend-item\" data-session=\"{Html.Escape(s.Session)}\" " +
                    $"data-component=\"{s.Component}\"><title>{Html.Escape(full)}</title>");
                w.WriteLine($"<line class=\"swatch {classes}\" x1=\"{Html.Coordinate(x)}\" " +
                    $"x2=\"{Html.Coordinate(x + 22)}\" y1=\"{Html.Coordinate(y)}\" y2=\"{Html.Coordinate(y)}\" />");
                w.WriteLine($"<text x=\"{Html.Coordinate(x + 30)}\" y=\"{Html.Coordinate(y)}\" " +
                    $"dominant-baseline=\"middle\">{Html.Escape(shown)}</text></g>");
            }

            w.WriteLine("</g>");
        }

        private static string Shorten(string text, int characters)
        {
            if (text.Length <= characters)
            {
                return text;
            }

            // Never between the two halves of an emoji or another character outside the BMP.
            int cut = Math.Max(1, characters - 1);
            cut -= char.IsHighSurrogate(text[cut - 1]) ? 1 : 0;
            return text.Substring(0, cut) + "\u2026";
        }
    }
}
