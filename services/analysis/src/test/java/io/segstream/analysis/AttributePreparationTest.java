package io.segstream.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segstream.testing.TestData;
import io.segstream.ingest.BadRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttributePreparationTest {

    @TempDir
    Path tmp;

    @Test
    void givenTheAttributeTableWithCrlfLineEnds_whenPrepared_thenItIsTheLfTableAndLinesKeepTheirNumbers()
            throws IOException {
        Path lf = TestData.dataDir().resolve("marketing-campaign/marketing_campaign.csv");
        Path crlf = Files.writeString(tmp.resolve("marketing_campaign.csv"),
                Files.readString(lf).replace("\n", "\r\n") + "9999\t1980\r\n");

        AttributePreparation expected = AttributePreparation.of(lf);
        AttributePreparation prepared = AttributePreparation.of(crlf);

        assertEquals(2_240, expected.rows());
        assertEquals(List.of(), expected.badRows());
        assertEquals(2_241, prepared.rows());
        assertEquals(List.of(new BadRow(2_242, "expected 29 columns, found 2", "9999\t1980")), prepared.badRows());
        assertEquals(expected.incomeMedian(), prepared.incomeMedian());
        assertEquals(expected.latestEnrolment(), prepared.latestEnrolment());
        assertEquals(expected.table().ids(), prepared.table().ids());
        assertArrayEquals(expected.table().values(), prepared.table().values());
    }
}
