using System;
using System.Management.Automation;

namespace Tracarbon.PowerShell
{
    /// <summary>
    /// Builds every ErrorRecord the module writes: a PascalCase id naming the failure, a specific
    /// category, the offending value as target, and what would be valid as the recommended action.
    /// </summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord Create(
            Exception exception,
            string errorId,
            ErrorCategory category,
            object? target,
            string? recommendedAction = null)
        {
            var record = new ErrorRecord(exception, errorId, category, target);
            if (recommendedAction != null)
            {
                record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = recommendedAction };
            }

            return record;
        }

        public static ErrorRecord InvalidArgument(string errorId, string message, object? target,
            string recommendedAction) =>
            Create(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target, recommendedAction);
    }
}
