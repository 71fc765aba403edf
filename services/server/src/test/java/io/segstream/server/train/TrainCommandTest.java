package io.segstream.server.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;

import io.segstream.server.SegstreamServer;
import io.segstream.core.features.FeatureVector;
import io.segstream.trainer.snapshot.FeatureSnapshot;
import io.segstream.trainer.training.ModelTrainer;
import io.segstream.trainer.training.TrainingOptions;
import io.segstream.trainer.training.TrainingOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class TrainCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {"--min-k 1", "--min-k 6 --max-k 5", "--n-init 0", "--interval soon",
        "--interval 0 --changed-customers 0", "--min-customers 5", "--bogus", "--max-k ten"})
    void givenBadOption_whenRun_thenUsageAndExitCode2(String args) {
        StringWriter err = new StringWriter();
        CommandLine cli = SegstreamServer.commandLine();
        cli.setErr(new PrintWriter(err));

        int code = cli.execute(("train -b localhost:1 -r http://localhost:1 " + args).split(" "));

        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("Usage: segstream train"), err.toString());
    }

    @Test
    void givenNoBrokerSetting_whenRun_thenUsageAndExitCode2() {
        StringWriter err = new StringWriter();
        CommandLine cli = SegstreamServer.commandLine();
        cli.setErr(new PrintWriter(err));

        assertEquals(2, cli.execute("train", "--once"));
        assertTrue(err.toString().contains("bootstrap.servers"), err.toString());
    }

    @Test
    void givenTrainedModel_whenFormatted_thenTableHasEverySegmentAndEveryK() {
        double[][] rows = new double[200][];
        String[] ids = new String[200];
        for (int i = 0; i < rows.length; i++) {
            ids[i] = String.valueOf(10_000 + i);
            boolean loyal = i % 2 == 0;
            rows[i] = new double[] {loyal ? 3 + i % 7 : 200 + i, loyal ? 20 + i % 5 : 1, loyal ? 5_000 + i : 50 + i,
                loyal ? 300 : 0, loyal ? 80 : 3, loyal ? 250 : 50 + i};
        }
        FeatureSnapshot snapshot = FeatureSnapshot.of(ids, rows, FeatureVector.NAMES, 0);
        TrainingOutcome.Trained t = (TrainingOutcome.Trained) ModelTrainer.train(snapshot, Optional.empty(),
                TrainingOptions.defaults().withK(2, 4), 0);

        String table = ProfileTable.format(t.model(), t.report());

        assertTrue(table.startsWith("Model rfm version 1: 200 customers (fitted on 200)"), table);
        assertTrue(table.lines().findFirst().orElseThrow().endsWith(", k=" + t.model().getChosenK()
                + " by silhouette in 2..4"), table);
        for (var s : t.model().getSegments()) {
            assertTrue(table.contains(s.getName()), table);
        }
        for (int k = 2; k <= 4; k++) {
            String kRow = "\\s+" + k + "\\s+\\d+\\.\\d\\s.*";
            assertTrue(table.lines().anyMatch(l -> l.matches(kRow)), "k=" + k + "\n" + table);
        }
        assertTrue(table.contains("<- chosen"), table);
        assertTrue(table.contains("100.0%") || table.contains("50.0%"), table);
    }
}
