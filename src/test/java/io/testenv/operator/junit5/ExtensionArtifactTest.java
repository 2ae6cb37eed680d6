package io.testenv.operator.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * io.testenv:testenv-junit5 as suites outside this repository get it: at the operator's version, depending on the
 * fabric8 client and the JUnit Jupiter API only, and its sources importing nothing else (no Quarkus, no operator).
 */
class ExtensionArtifactTest {

    static final Path POM = Path.of("src/junit5/pom.xml");
    static final Path SOURCES = Path.of("src/junit5/src/main/java");
    static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);

    private static Element pom(Path file) throws Exception {
        Document document =
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        return document.getDocumentElement();
    }

    private static String child(Element element, String name) {
        NodeList nodes = element.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }

    @Test
    void itsVersionFollowsTheOperatorsAndItDependsOnTheClientAndJUnitOnly() throws Exception {
        Element extension = pom(POM);
        Element operator = pom(Path.of("pom.xml"));
        assertThat(child(extension, "groupId") + ":" + child(extension, "artifactId"))
                .isEqualTo("io.testenv:testenv-junit5");
        assertThat(child(extension, "version")).isEqualTo(child(operator, "version"));
        NodeList dependencies = extension.getElementsByTagName("dependency");
        List<String> coordinates = Stream.iterate(0, i -> i < dependencies.getLength(), i -> i + 1)
                .map(i -> (Element) dependencies.item(i))
                .map(d -> child(d, "groupId") + ":" + child(d, "artifactId"))
                .toList();
        assertThat(coordinates)
                .containsExactlyInAnyOrder("io.fabric8:kubernetes-client", "org.junit.jupiter:junit-jupiter-api");
    }

    @Test
    void itsSourcesImportTheJdkTheClientAndJUnitOnly() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertThat(sources).isNotEmpty();
        for (Path source : sources) {
            Matcher imports = IMPORT.matcher(Files.readString(source));
            while (imports.find()) {
                assertThat(imports.group(2))
                        .as(source + " imports " + imports.group(2))
                        .matches("(java|javax)\\..*|io\\.fabric8\\..*|org\\.junit\\.(jupiter\\.api|platform\\.commons)"
                                + "(\\..*)?|io\\.testenv\\.junit5");
            }
        }
    }
}
