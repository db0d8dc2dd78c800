package io.lockdoctor.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DigitBytesTest {
    @Test
    void marksEveryDigitAndNothingElseWhateverItsNeighbours() {
        Random random = new Random(11);
        for (int c = 0; c < 256; c++) {
            for (int index = 0; index < 8; index++) {
                long word = random.nextLong();
                word = (word & ~(0xFFL << (8 * index))) | ((long) c << (8 * index));
                long mask = DigitBytes.mask(word);
                for (int k = 0; k < 8; k++) {
                    int b = (int) (word >>> (8 * k)) & 0xFF;
                    boolean digit = b >= '0' && b <= '9';
                    assertThat((mask >>> (8 * k)) & 0xFF).as("byte %d of %x", k, word).isEqualTo(digit ? 0x80L : 0);
                    if (digit) {
                        assertThat(DigitBytes.at(word, k)).isEqualTo(b - '0');
                    }
                }
            }
        }
    }

    @Test
    void findsTheFirstByteThatIsNoDigit() {
        long word = 0x0A30352F34L; // "4/50\n" little-endian, then NUL bytes
        long digits = DigitBytes.mask(word);
        assertThat(DigitBytes.firstOther(digits, 0)).isEqualTo(1);
        assertThat(DigitBytes.firstOther(digits, 2)).isEqualTo(4);
        assertThat(DigitBytes.firstOther(DigitBytes.mask(0x3030303030303030L), 0)).isEqualTo(8);
    }
}
