namespace Tracarbon.Measurement.Cloud
{
    /// <summary>How busy a processor was over the interval that just ended.</summary>
    public interface IUtilisationSource
    {
        /// <summary>
        /// Takes the baseline the first interval is measured from, so that a reading taken once, at the end
        /// of a session shorter than one interval, has a utilisation to report.
        /// </summary>
        void Start();

        /// <summary>
        /// The busy fraction, 0 to 1, over the last <paramref name="intervalSeconds"/>; null when it
        /// cannot be known for this interval (no baseline yet, or no time passed on the source's counters).
        /// </summary>
        double? Utilisation(double intervalSeconds);
    }
}
