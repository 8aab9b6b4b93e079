package dev.newt.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The report writes junit.xml, valid JUnit XML with one test case per experiment and the right failures. */
@ExtendWith(CraftedReport.Shared.class)
class JunitXmlTest {

    @Test
    void junitXmlIsValidAgainstTheJenkinsSchema(final CraftedReport report) throws Exception {
        final Path xml = report.files.junit();
        assertThat(xml.getFileName().toString()).isEqualTo("junit.xml");
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
            .newSchema(getClass().getResource("/junit/junit-10.xsd"))
            .newValidator().validate(new StreamSource(xml.toFile()));
    }

    @Test
    void oneTestCasePerExperimentWithFailedCorruptedAndHarnessErrorsAsFailures(final CraftedReport report)
        throws Exception {
        final Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.files.junit().toFile());
        final NodeList cases = d.getElementsByTagName("testcase");
        // The crafted campaign: the golden run and ten experiments, one failed, one not activated.
        assertThat(cases.getLength()).isEqualTo(11);
        final List<String> failed = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            final Element c = (Element) cases.item(i);
            if (c.getElementsByTagName("failure").getLength() > 0) {
                failed.add(c.getAttribute("name"));
                final Element f = (Element) c.getElementsByTagName("failure").item(0);
                assertThat(f.getAttribute("message")).isEqualTo("failed: failed because the test says so");
                assertThat(f.getTextContent()).contains("run again: newt run ").contains("--only e0003");
            }
        }
        assertThat(failed).containsExactly("e0003 crash in a.tcp (nth:10)");
        final Element suite = (Element) d.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        assertThat(suite.getAttribute("tests")).isEqualTo("11");
    }
}
