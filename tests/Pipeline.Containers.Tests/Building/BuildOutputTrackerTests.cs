using Pipeline.Containers.Building;

namespace Pipeline.Containers.Tests.Building;

public class BuildOutputTrackerTests
{
    [Fact]
    public void Follows_podman_output()
    {
        var tracker = new BuildOutputTracker(keepLines: 2);
        var steps = new List<string>();
        tracker.StepStarted += steps.Add;

        tracker.OnOutput("STEP 1/3: FROM localhost/base\n");
        tracker.OnOutput("STEP 2/3: RUN pip install x\n--> Using cache 1234\n");
        tracker.OnOutput("STEP 3/3: RUN make\nline1\nline2\nline3\n");
        tracker.OnError("error building at STEP \"RUN make\": exit status 2");

        Assert.Equal(["STEP 1/3: FROM localhost/base", "STEP 2/3: RUN pip install x", "STEP 3/3: RUN make"], steps);
        Assert.Equal(3, tracker.TotalSteps);
        Assert.Equal(1, tracker.CachedSteps);
        Assert.Equal("line2\nline3", tracker.StepOutput);
        Assert.Single(tracker.Errors);
    }

    [Fact]
    public void Follows_docker_output()
    {
        var tracker = new BuildOutputTracker();

        tracker.OnOutput("Step 1/2 : FROM scratch\n ---> \nStep 2/2 : COPY a /a\n ---> Using cache\n ---> 5d1f\n");

        Assert.Equal("Step 2/2 : COPY a /a", tracker.CurrentStep);
        Assert.Equal(2, tracker.TotalSteps);
        Assert.Equal(1, tracker.CachedSteps);
    }

    [Fact]
    public void Multi_stage_podman_output_sums_the_steps_of_every_stage()
    {
        var tracker = new BuildOutputTracker();

        tracker.OnOutput("[1/2] STEP 1/3: FROM localhost/base AS builder\n[1/2] STEP 2/3: COPY a .\n--> Using cache 12\n[1/2] STEP 3/3: RUN pip install --user -r a\n");
        tracker.OnOutput("[2/2] STEP 1/4: FROM localhost/base\n[2/2] STEP 2/4: COPY --from=builder /root/.local /x\n");

        Assert.Equal(7, tracker.TotalSteps);
        Assert.Equal("[2/2] STEP 2/4: COPY --from=builder /root/.local /x", tracker.CurrentStep);
        Assert.Equal(1, tracker.CachedSteps);
    }
}
