package io.lockdoctor.core.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://h:5432/db?user=u&password=S3cr3t&ssl=true | jdbc:postgresql://h:5432/db?user=u&password=****&ssl=true",
        "jdbc:postgresql://h/db?PASSWORD=S3cr3t | jdbc:postgresql://h/db?PASSWORD=****",
        "jdbc:h2:tcp://h/db;USER=sa;PASSWORD=S3cr3t;MODE=Oracle | jdbc:h2:tcp://h/db;USER=sa;PASSWORD=****;MODE=Oracle",
        "jdbc:sqlserver://h:1433;databaseName=cdr;password=S3cr3t;encrypt=true | jdbc:sqlserver://h:1433;databaseName=cdr;password=****;encrypt=true",
        "jdbc:mariadb://u:S3cr3t@h:3306/db | jdbc:mariadb://u:****@h:3306/db",
        "jdbc:oracle:thin:scott/S3cr3t@//h:1521/ORCL | jdbc:oracle:thin:scott/****@//h:1521/ORCL",
        "jdbc:mysql://address=(host=h)(user=u)(password=S3cr3t)/db | jdbc:mysql://address=(host=h)(user=u)(password=****)/db",
        "jdbc:mysql://h/db?user=u&trustStorePassword=S3cr3t | jdbc:mysql://h/db?user=u&trustStorePassword=****",
        "Unknown option: --password=S3cr3t | Unknown option: --password=****",
        "FATAL: password authentication failed for user \"cdr\" | FATAL: password authentication failed for user \"cdr\"",
    })
    void masksPasswordShapedValues(String input, String expected) {
        assertThat(Secrets.mask(input)).isEqualTo(expected).doesNotContain("S3cr3t");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"jdbc:h2:mem:x | S3cr3t", "login failed: S3cr3t rejected | S3cr3t"})
    void masksAKnownSecretAnywhere(String input, String secret) {
        assertThat(Secrets.mask(input + " " + secret, secret)).doesNotContain(secret);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:postgresql://postgres:S3cr3t@127.0.0.1/test | S3cr3t",
        "jdbc:mariadb://u:p@ss;w,rd@h:3306/db | p@ss;w,rd",
        "jdbc:postgresql://h/db?user=u&password=S3cr3t&ssl=true | S3cr3t",
        "jdbc:h2:tcp://h/db;USER=sa;PASSWORD=S3cr3t;MODE=Oracle | S3cr3t",
        "jdbc:sqlserver://h:1433;databaseName=cdr;password=S3cr3t;encrypt=true | S3cr3t",
        "jdbc:oracle:thin:scott/S3cr3t@//h:1521/ORCL | S3cr3t",
        "jdbc:mysql://address=(host=h)(user=u)(password=S3cr3t)/db | S3cr3t",
        "--password=S3cr3t | S3cr3t",
        "jdbc:sqlserver://h;user=sa;password={S3;cr3t};encrypt=true | S3;cr3t",
    })
    void findsTheSecretsOfAUrl(String url, String secret) {
        assertThat(Secrets.secretsIn(url)).contains(secret);
    }

    @org.junit.jupiter.api.Test
    void findsTheDecodedFormOfAPercentEncodedSecret() {
        assertThat(Secrets.secretsIn("jdbc:postgresql://u:p%40ss%3Aw@h/db")).contains("p%40ss%3Aw", "p@ss:w");
        assertThat(Secrets.secretsIn("jdbc:postgresql://h/db?user=u")).isEmpty();
    }
}
