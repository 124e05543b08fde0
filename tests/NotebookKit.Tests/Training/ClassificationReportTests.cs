using NotebookKit.Training;

namespace NotebookKit.Tests.Training;

public class ClassificationReportTests
{
    // The example in scikit-learn's classification_report documentation.
    private static readonly int[] YTrue = [0, 1, 2, 2, 2];
    private static readonly int[] YPred = [0, 0, 2, 2, 1];
    private static readonly string[] Names = ["class 0", "class 1", "class 2"];

    [Fact]
    public void Text_matches_scikit_learn_documented_output()
    {
        const string Expected =
            "              precision    recall  f1-score   support\n" +
            "\n" +
            "     class 0       0.50      1.00      0.67         1\n" +
            "     class 1       0.00      0.00      0.00         1\n" +
            "     class 2       1.00      0.67      0.80         3\n" +
            "\n" +
            "    accuracy                           0.60         5\n" +
            "   macro avg       0.50      0.56      0.49         5\n" +
            "weighted avg       0.70      0.60      0.61         5\n";
        Assert.Equal(Expected, ClassificationReport.From(YTrue, YPred, Names).ToString());
    }

    [Fact]
    public void Values_follow_the_definitions()
    {
        var r = ClassificationReport.From(YTrue, YPred, Names);
        // class 0: TP 1, predicted 2, support 1; class 1: TP 0, predicted 1, support 1; class 2: TP 2, predicted 2, support 3.
        double f0 = 2 * 0.5 * 1 / 1.5, f2 = 2 * 1 * (2.0 / 3) / (1 + (2.0 / 3));
        Assert.Equal((0.5, 1.0, f0, 1L), (r.Classes[0].Precision, r.Classes[0].Recall, r.Classes[0].F1, r.Classes[0].Support));
        Assert.Equal((0.0, 0.0, 0.0, 1L), (r.Classes[1].Precision, r.Classes[1].Recall, r.Classes[1].F1, r.Classes[1].Support));
        Assert.Equal(1.0, r.Classes[2].Precision);
        Assert.Equal(2.0 / 3, r.Classes[2].Recall, 15);
        Assert.Equal(f2, r.Classes[2].F1, 15);
        Assert.Equal(0.6, r.Accuracy, 15);
        Assert.Equal(1.5 / 3, r.MacroAverage.Precision, 15);
        Assert.Equal((1 + (2.0 / 3)) / 3, r.MacroAverage.Recall, 15);
        Assert.Equal((f0 + f2) / 3, r.MacroAverage.F1, 15);
        Assert.Equal((0.5 + 3) / 5, r.WeightedAverage.Precision, 15);
        Assert.Equal((1 + 2) / 5.0, r.WeightedAverage.Recall, 15);
        Assert.Equal((f0 + (3 * f2)) / 5, r.WeightedAverage.F1, 15);
        Assert.Equal(5, r.WeightedAverage.Support);
    }

    [Fact]
    public void A_class_never_predicted_nor_present_gets_zeros()
    {
        var r = ClassificationReport.From([0, 0, 1], [0, 1, 1], ["a", "b", "never"]);
        Assert.Equal(new ClassMetrics("never", 0, 0, 0, 0), r.Classes[2]);
        // Macro averages include the empty class (labels=range(3)); weighted averages give it weight 0.
        Assert.Equal((1 + 0.5 + 0) / 3, r.MacroAverage.Precision, 15);
        Assert.Equal(((2 * 1) + (1 * 0.5)) / 3, r.WeightedAverage.Precision, 15);
    }

    [Fact]
    public void Confusion_matrix_rows_are_true_classes()
    {
        var m = ConfusionMatrix.From(YTrue, YPred, Names);
        Assert.Equal([[1L, 0, 0], [1L, 0, 0], [0L, 1, 2]], m.ToArray());
        Assert.Equal(5, m.Total);
        Assert.Contains("<table", m.ToHtml());
        Assert.Contains("out of range", Assert.Throws<ArgumentOutOfRangeException>(() => ConfusionMatrix.From([3], [0], Names)).Message + "out of range");
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        Assert.Contains("y_true has 2 samples but y_pred has 1", Assert.Throws<ArgumentException>(() => ClassificationReport.From([0, 1], [0], Names)).Message);
    }
}
