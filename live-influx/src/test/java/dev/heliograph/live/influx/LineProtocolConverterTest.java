package dev.heliograph.live.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heliograph.live.LiveException;
import dev.heliograph.live.frame.DataFrame;
import dev.heliograph.live.frame.FrameJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The converter, checked against the exact frame JSON each format must produce. */
class LineProtocolConverterTest {
    /** 2021-03-22T09:11:30.123Z: the "server time" of lines without a timestamp. */
    private static final Clock FIXED = Clock.fixed(Instant.ofEpochMilli(1616404290123L), ZoneOffset.UTC);

    private static List<String> convert(FrameFormat format, String body) {
        List<DataFrame> frames = new LineProtocolConverter(format, FIXED)
            .convert(body.getBytes(StandardCharsets.UTF_8));
        return frames.stream()
            .map(f -> new String(FrameJson.encode(f), StandardCharsets.UTF_8))
            .collect(Collectors.toList());
    }

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    @Nested
    @DisplayName("labels_column")
    class LabelsColumn {
        @Test
        @DisplayName("makes one frame per measurement, in order of first appearance, rows in input order")
        void oneFramePerMeasurement() {
            List<String> frames = convert(FrameFormat.LABELS_COLUMN, """
                cpu,host=b,cpu=cpu0 usage_user=1.5,usage_idle=90 1616403090000000000
                mem,host=b used_percent=42.5,active=1024i 1616403090000000000
                cpu,host=a,cpu=cpu1 usage_idle=80,usage_user=2.5 1616403091000000000
                """);

            assertThat(frames).containsExactly(
                json("{'schema':{'name':'cpu','fields':["
                    + "{'name':'labels','type':'string','typeInfo':{'frame':'string'}},"
                    + "{'name':'time','type':'time','typeInfo':{'frame':'time.Time'}},"
                    + "{'name':'usage_idle','type':'number','typeInfo':{'frame':'float64','nullable':true}},"
                    + "{'name':'usage_user','type':'number','typeInfo':{'frame':'float64','nullable':true}}]},"
                    + "'data':{'values':[['cpu=cpu0, host=b','cpu=cpu1, host=a'],[1616403090000,1616403091000],"
                    + "[90,80],[1.5,2.5]]}}"),
                json("{'schema':{'name':'mem','fields':["
                    + "{'name':'labels','type':'string','typeInfo':{'frame':'string'}},"
                    + "{'name':'time','type':'time','typeInfo':{'frame':'time.Time'}},"
                    + "{'name':'active','type':'number','typeInfo':{'frame':'float64','nullable':true}},"
                    + "{'name':'used_percent','type':'number','typeInfo':{'frame':'float64','nullable':true}}]},"
                    + "'data':{'values':[['host=b'],[1616403090000],[1024],[42.5]]}}"));
        }

        @Test
        @DisplayName("appends a field first seen on a later line after the others, null in earlier rows")
        void lateFieldsAreAppended() {
            List<String> frames = convert(FrameFormat.LABELS_COLUMN, """
                disk,path=/ used=10i 1000000
                disk,path=/home used=20i,free=5i 2000000
                disk,path=/ inodes=7u 3000000
                """);

            assertThat(frames).containsExactly(json("{'schema':{'name':'disk','fields':["
                + "{'name':'labels','type':'string','typeInfo':{'frame':'string'}},"
                + "{'name':'time','type':'time','typeInfo':{'frame':'time.Time'}},"
                + "{'name':'used','type':'number','typeInfo':{'frame':'float64','nullable':true}},"
                + "{'name':'free','type':'number','typeInfo':{'frame':'float64','nullable':true}},"
                + "{'name':'inodes','type':'number','typeInfo':{'frame':'float64','nullable':true}}]},"
                + "'data':{'values':[['path=/','path=/home','path=/'],[1,2,3],"
                + "[10,20,null],[null,5,null],[null,null,7]]}}"));
        }

        @Test
        @DisplayName("turns a conflicting value into null, or into its text in a string column; NaN strings are null numbers")
        void typeConflictsAndNanStrings() {
            // The same body as Grafana's changing_types_NaN test data.
            List<String> frames = convert(FrameFormat.LABELS_COLUMN, """
                system,host=A sensor=0,sensor2="NaN",state="aaa" 1616403090000000000
                system,host=B sensor="NaN",sensor2=0,state="bbb" 1616403090000000000
                system,host=A sensor="NaN",sensor2=0,state="ccc" 1616403091000000000
                system,host=B sensor=0,sensor2="NaN",state=1 1616403091000000000
                """);

            assertThat(frames).containsExactly(json("{'schema':{'name':'system','fields':["
                + "{'name':'labels','type':'string','typeInfo':{'frame':'string'}},"
                + "{'name':'time','type':'time','typeInfo':{'frame':'time.Time'}},"
                + "{'name':'sensor','type':'number','typeInfo':{'frame':'float64','nullable':true}},"
                + "{'name':'sensor2','type':'number','typeInfo':{'frame':'float64','nullable':true}},"
                + "{'name':'state','type':'string','typeInfo':{'frame':'string','nullable':true}}]},"
                + "'data':{'values':[['host=A','host=B','host=A','host=B'],"
                + "[1616403090000,1616403090000,1616403091000,1616403091000],"
                + "[0,null,null,0],[null,0,0,null],['aaa','bbb','ccc','1']]}}"));
        }

        @Test
        @DisplayName("writes numbers and booleans into a string column as Go's %v text, and nulls everything else that conflicts")
        void conflictTextsAndNulls() {
            List<String> frames = convert(FrameFormat.LABELS_COLUMN, """
                m s="x",b=true,n=1 1000000
                m s=1.5,b=1,n=true 2000000
                m s=2500000.0,b="yes",n="text" 3000000
                m s=-7i,b=F,n="NaN" 4000000
                m s=t,b="NaN",n=0.00001 5000000
                m s="NaN" 6000000
                """);

            assertThat(frames).containsExactly(json("{'schema':{'name':'m','fields':["
                + "{'name':'labels','type':'string','typeInfo':{'frame':'string'}},"
                + "{'name':'time','type':'time','typeInfo':{'frame':'time.Time'}},"
                + "{'name':'b','type':'boolean','typeInfo':{'frame':'bool','nullable':true}},"
                + "{'name':'n','type':'number','typeInfo':{'frame':'float64','nullable':true}},"
                + "{'name':'s','type':'string','typeInfo':{'frame':'string','nullable':true}}]},"
                + "'data':{'values':[['','','','','',''],[1,2,3,4,5,6],"
                + "[true,null,null,false,null,null],[1,null,null,null,0.00001,null],"
                + "['x','1.5','2.5e+06','-7','true',null]]}}"));
        }

        @Test
        @DisplayName("gives lines without a timestamp the clock's time")
        void missingTimestampsGetServerTime() {
            List<String> frames = convert(FrameFormat.LABELS_COLUMN, "m v=1\nm v=2 1616403090000000000\nm v=3\n");

            assertThat(frames).containsExactly(json("{'schema':{'name':'m','fields':["
                + "{'name':'labels','type':'string','typeInfo':{'frame':'string'}},"
                + "{'name':'time','type':'time','typeInfo':{'frame':'time.Time'}},"
                + "{'name':'v','type':'number','typeInfo':{'frame':'float64','nullable':true}}]},"
                + "'data':{'values':[['','',''],[1616404290123,1616403090000,1616404290123],[1,2,3]]}}"));
        }

        @Test
        @DisplayName("sorts tags in the labels text, keeps the last of a repeated tag or field, and the same columns whatever the field order")
        void sortingAndDuplicates() {
            List<String> frames = convert(FrameFormat.LABELS_COLUMN, """
                m,z=1,a=2,a=3 b=1,a=2 1000000
                m,a=3,z=1 a=5,b=6,a=7 2000000
                """);

            assertThat(frames).containsExactly(json("{'schema':{'name':'m','fields':["
                + "{'name':'labels','type':'string','typeInfo':{'frame':'string'}},"
                + "{'name':'time','type':'time','typeInfo':{'frame':'time.Time'}},"
                + "{'name':'a','type':'number','typeInfo':{'frame':'float64','nullable':true}},"
                + "{'name':'b','type':'number','typeInfo':{'frame':'float64','nullable':true}}]},"
                + "'data':{'values':[['a=3, z=1','a=3, z=1'],[1,2],[2,7],[1,6]]}}"));
        }

        @Test
        @DisplayName("keeps sub-millisecond timestamps in nanos")
        void subMillisecondTimes() {
            List<String> frames = convert(FrameFormat.LABELS_COLUMN, "m v=1 1616403090000000123\n");

            assertThat(frames.get(0)).contains("'values':[[''],[1616403090000],[1]],'nanos':[null,[123],null]"
                .replace('\'', '"'));
        }
    }

    @Nested
    @DisplayName("wide")
    class Wide {
        @Test
        @DisplayName("makes one single-row frame per measurement and timestamp, tags as field labels")
        void oneFramePerMeasurementAndTime() {
            List<String> frames = convert(FrameFormat.WIDE, """
                cpu,host=a,cpu=cpu0 usage_user=1.5,usage_idle=90 1616403090000000000
                mem,host=a used_percent=42.5 1616403090000000000
                cpu,host=a,cpu=cpu1 usage_user=2.5,usage_idle=80 1616403090000000000
                cpu,host=a,cpu=cpu0 usage_user=3.5,usage_idle=70 1616403091000000000
                """);

            assertThat(frames).containsExactly(
                json("{'schema':{'name':'cpu','fields':["
                    + "{'name':'time','type':'time','typeInfo':{'frame':'time.Time'}},"
                    + "{'name':'usage_idle','type':'number','typeInfo':{'frame':'float64','nullable':true},'labels':{'cpu':'cpu0','host':'a'}},"
                    + "{'name':'usage_user','type':'number','typeInfo':{'frame':'float64','nullable':true},'labels':{'cpu':'cpu0','host':'a'}},"
                    + "{'name':'usage_idle','type':'number','typeInfo':{'frame':'float64','nullable':true},'labels':{'cpu':'cpu1','host':'a'}},"
                    + "{'name':'usage_user','type':'number','typeInfo':{'frame':'float64','nullable':true},'labels':{'cpu':'cpu1','host':'a'}}]},"
                    + "'data':{'values':[[1616403090000],[90],[1.5],[80],[2.5]]}}"),
                json("{'schema':{'name':'mem','fields':["
                    + "{'name':'time','type':'time','typeInfo':{'frame':'time.Time'}},"
                    + "{'name':'used_percent','type':'number','typeInfo':{'frame':'float64','nullable':true},'labels':{'host':'a'}}]},"
                    + "'data':{'values':[[1616403090000],[42.5]]}}"),
                json("{'schema':{'name':'cpu','fields':["
                    + "{'name':'time','type':'time','typeInfo':{'frame':'time.Time'}},"
                    + "{'name':'usage_idle','type':'number','typeInfo':{'frame':'float64','nullable':true},'labels':{'cpu':'cpu0','host':'a'}},"
                    + "{'name':'usage_user','type':'number','typeInfo':{'frame':'float64','nullable':true},'labels':{'cpu':'cpu0','host':'a'}}]},"
                    + "'data':{'values':[[1616403091000],[70],[3.5]]}}"));
        }

        @Test
        @DisplayName("types every value on its own: booleans, strings, NaN strings; no labels without tags; untimed lines share the clock's time")
        void valueTypesAndServerTime() {
            List<String> frames = convert(FrameFormat.WIDE, "m ok=T,name=\"db\",temp=\"NaN\",n=3u\nm more=1i\n");

            assertThat(frames).containsExactly(json("{'schema':{'name':'m','fields':["
                + "{'name':'time','type':'time','typeInfo':{'frame':'time.Time'}},"
                + "{'name':'n','type':'number','typeInfo':{'frame':'float64','nullable':true}},"
                + "{'name':'name','type':'string','typeInfo':{'frame':'string','nullable':true}},"
                + "{'name':'ok','type':'boolean','typeInfo':{'frame':'bool','nullable':true}},"
                + "{'name':'temp','type':'number','typeInfo':{'frame':'float64','nullable':true}},"
                + "{'name':'more','type':'number','typeInfo':{'frame':'float64','nullable':true}}]},"
                + "'data':{'values':[[1616404290123],[3],['db'],[true],[null],[1]]}}"));
        }
    }

    @Test
    @DisplayName("converts all or nothing: a bad line throws with its line and column and no frame is returned")
    void allOrNothing() {
        LineProtocolConverter converter = new LineProtocolConverter(FrameFormat.LABELS_COLUMN, FIXED);
        assertThatThrownBy(() -> converter.convert("cpu v=1\ncpu v=2\ncpu,host=a usage 1\n".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(LineProtocolException.class)
            .hasMessage("line 3, column 17: expected '=' after field key \"usage\", found ' '");
    }

    @Test
    @DisplayName("an empty body or only comments gives no frames")
    void emptyBody() {
        assertThat(convert(FrameFormat.LABELS_COLUMN, "")).isEmpty();
        assertThat(convert(FrameFormat.WIDE, "# nothing\n\n")).isEmpty();
    }

    @Test
    @DisplayName("frame format names: the two valid ones, the default, and a clear error for others")
    void frameFormatNames() {
        assertThat(FrameFormat.fromQueryValue("labels_column")).isEqualTo(FrameFormat.LABELS_COLUMN);
        assertThat(FrameFormat.fromQueryValue("wide")).isEqualTo(FrameFormat.WIDE);
        assertThat(FrameFormat.fromQueryValue(null)).isEqualTo(FrameFormat.LABELS_COLUMN);
        assertThat(FrameFormat.fromQueryValue("")).isEqualTo(FrameFormat.LABELS_COLUMN);
        assertThatThrownBy(() -> FrameFormat.fromQueryValue("prometheus"))
            .isInstanceOf(LiveException.class)
            .hasMessage("unknown frame format \"prometheus\" in gf_live_frame_format: use labels_column (the default) or wide");
        assertThatThrownBy(() -> FrameFormat.fromQueryValue("WIDE"))
            .hasMessageEndingWith("or wide (names are lower case)");
    }

    @Test
    @DisplayName("writes float texts as Go's %v does")
    void goFloatTexts() {
        assertThat(GoValueText.ofDouble(0.5)).isEqualTo("0.5");
        assertThat(GoValueText.ofDouble(123456)).isEqualTo("123456");
        assertThat(GoValueText.ofDouble(1234567)).isEqualTo("1.234567e+06");
        assertThat(GoValueText.ofDouble(0.0001)).isEqualTo("0.0001");
        assertThat(GoValueText.ofDouble(0.00001)).isEqualTo("1e-05");
        assertThat(GoValueText.ofDouble(-1.5e300)).isEqualTo("-1.5e+300");
        assertThat(GoValueText.ofDouble(100)).isEqualTo("100");
        assertThat(GoValueText.ofDouble(-0.0)).isEqualTo("-0");
        assertThat(GoValueText.ofDouble(12.000000000033651)).isEqualTo("12.000000000033651");
    }
}
